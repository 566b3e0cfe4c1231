namespace Reduct.Client.Harness;

/// <summary>The clients compared side by side.</summary>
internal enum ClientKind
{
    /// <summary>A bare <see cref="HttpClient"/> sending hand-built requests: the floor for HTTP cost.</summary>
    RawHttp,

    /// <summary>This SDK.</summary>
    ReductClient,

    /// <summary>The official JavaScript SDK, reduct-js 1.20.0, on Node.js.</summary>
    ReductJs,
}
