namespace Reduct.Client.Tests.Resilience;

/// <summary>The faults of the matrix, injected with the reference server's fault API.</summary>
public enum Fault
{
    /// <summary>The next two write requests get 503 (server starting), without reading their bodies.</summary>
    Unavailable503,

    /// <summary>The next two write requests get 429 with <c>retry_after=0s</c> in the message, as the rate limiter answers.</summary>
    RateLimited429,

    /// <summary>The next write request loses its connection after part of its body arrived.</summary>
    ConnectionDropMidBody,

    /// <summary>The next write request is handled, but its response comes after the client's timeout.</summary>
    ResponseAfterTimeout,

    /// <summary>The server is down while the write starts and comes back on the same folder storage.</summary>
    ServerRestart,
}
