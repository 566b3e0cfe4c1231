namespace Reduct.Client;

/// <summary>
/// How a client compresses the bodies it writes (<see cref="ReductClientOptions.Compression"/>). ReductStore decodes
/// compressed request bodies from API 1.21 on; the client compresses only for such servers and sends everything else
/// as it is.
/// </summary>
public enum ReductCompression
{
    /// <summary>Bodies are sent as they are (the default).</summary>
    None = 0,

    /// <summary>gzip (<c>Content-Encoding: gzip</c>): understood by every 1.21 server and by proxies.</summary>
    Gzip = 1,

    /// <summary>Zstandard (<c>Content-Encoding: zstd</c>): smaller and faster than gzip for most records.</summary>
    Zstd = 2,
}
