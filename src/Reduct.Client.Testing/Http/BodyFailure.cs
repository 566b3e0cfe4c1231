namespace Reduct.Client.Testing.Http;

/// <summary>Why reading a request body stopped before the expected end.</summary>
internal enum BodyFailure
{
    /// <summary>No data arrived within the I/O timeout.</summary>
    Timeout,

    /// <summary>The body ended before the announced length.</summary>
    TooShort,

    /// <summary>The connection failed (reset, abort, protocol error).</summary>
    ConnectionLost,

    /// <summary>A fault injected by <see cref="ReductTestFaults.AbortConnectionAfterBodyBytes"/>.</summary>
    InjectedAbort,

    /// <summary>A body sent with <c>Content-Encoding</c> did not decode.</summary>
    Undecodable,
}
