using Microsoft.Extensions.Logging;

namespace Reduct.Client;

/// <summary>Options of a <see cref="ReductClient"/>.</summary>
public sealed class ReductClientOptions
{
    /// <summary>
    /// The server URL, for example <c>http://localhost:8383</c>. It may carry a path prefix when the server runs
    /// with <c>RS_API_BASE_PATH</c> (<c>http://host:8383/reduct</c>). Required unless the client is built from
    /// an <see cref="HttpClient"/> that has a <see cref="HttpClient.BaseAddress"/>.
    /// </summary>
    public Uri? Url { get; set; }

    /// <summary>The API token sent as <c>Authorization: Bearer</c>; null when the server runs without auth.</summary>
    public string? ApiToken { get; set; }

    /// <summary>
    /// How long a request may take before it fails with <see cref="ReductException.Timeout"/>. Applies to
    /// management calls and to writes from memory; writes streamed from a <see cref="Stream"/> or from chunks
    /// last as long as their source needs. Default 100 s; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long opening a TCP connection may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Bodies at least this large are sent with <c>Expect: 100-continue</c>, so that an early rejection
    /// (auth, missing bucket, duplicate timestamp) costs no upload. Default 1 MiB.
    /// </summary>
    public long ExpectContinueThreshold { get; set; } = 1024 * 1024;

    /// <summary>
    /// Most records in one batch request. Each record is one request header and the server accepts about 100
    /// headers (<c>RS_IO_BATCH_MAX_RECORDS</c> + 15), so the default is 80.
    /// </summary>
    public int BatchMaxRecords { get; set; } = 80;

    /// <summary>Most bytes of record bodies in one batch request; a larger single record is sent alone. Default 8 MB.</summary>
    public long BatchMaxBodySize { get; set; } = 8_000_000;

    /// <summary>
    /// Most bytes of batch metadata headers in one request. The server refuses request heads over 512,000
    /// bytes with 431; the default of 256,000 leaves room for everything else.
    /// </summary>
    public int BatchMaxHeaderSize { get; set; } = 256_000;

    /// <summary>Where the client logs; nothing is logged when null. The API token is never logged.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Describes the options with the API token redacted.</summary>
    public override string ToString() =>
        $"ReductClientOptions {{ Url = {Url?.ToString() ?? "<none>"}, ApiToken = {(string.IsNullOrEmpty(ApiToken) ? "<none>" : "<redacted>")}, Timeout = {Timeout}, ConnectTimeout = {ConnectTimeout} }}";

    internal ReductClientOptions Clone() => (ReductClientOptions)MemberwiseClone();
}
