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

    /// <summary>Where the client logs; nothing is logged when null. The API token is never logged.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Describes the options with the API token redacted.</summary>
    public override string ToString() =>
        $"ReductClientOptions {{ Url = {Url?.ToString() ?? "<none>"}, ApiToken = {(string.IsNullOrEmpty(ApiToken) ? "<none>" : "<redacted>")}, Timeout = {Timeout}, ConnectTimeout = {ConnectTimeout} }}";

    internal ReductClientOptions Clone() => (ReductClientOptions)MemberwiseClone();
}
