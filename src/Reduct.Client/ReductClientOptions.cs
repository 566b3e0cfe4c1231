using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Polly;

namespace Reduct.Client;

/// <summary>Options of a <see cref="ReductClient"/>.</summary>
public sealed class ReductClientOptions
{
    private ReductRetryOptions _retry = new();

    /// <summary>
    /// The server URL, for example <c>http://localhost:8383</c>. It may carry a path prefix when the server runs
    /// with <c>RS_API_BASE_PATH</c> (<c>http://host:8383/reduct</c>). Required unless the client is built from
    /// an <see cref="HttpClient"/> that has a <see cref="HttpClient.BaseAddress"/>.
    /// </summary>
    public Uri? Url { get; set; }

    /// <summary>The API token sent as <c>Authorization: Bearer</c>; null when the server runs without auth.</summary>
    public string? ApiToken { get; set; }

    /// <summary>
    /// How long one attempt of a request may go without progress before it fails with
    /// <see cref="ReductException.Timeout"/>: progress is a body chunk handed to the connection or the response
    /// arriving. An upload of any size lives as long as its bytes keep moving, so a 1 GiB record on a slow link is
    /// not cut off; a stalled network, a stalled body source or a server that does not answer are. A request that
    /// times out is retried once (when its body can be sent again), not more: with the default of 15 s, a small
    /// write to a server that accepts the connection and never answers fails in about 30 s.
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long opening a TCP connection may take, on the connections the client creates itself (or through
    /// <see cref="ReductClient.CreateHttpHandler(ReductClientOptions)"/>). Default 10 s.
    /// </summary>
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

    /// <summary>
    /// Most bytes of label headers (<c>x-reduct-label-name: value</c>, with line ends) in one single-record write.
    /// The server refuses request heads over 512,000 bytes with 431 and no readable reason, so a write over this
    /// limit fails with an <see cref="ArgumentException"/> before anything is sent, and so does a write with more
    /// labels than <see cref="BatchMaxRecords"/> (each label is one of the server's 100 or so request headers). Default 64,000.
    /// </summary>
    public int MaxLabelHeaderSize { get; set; } = 64_000;

    /// <summary>
    /// Compression of the bodies the client writes: batches (<see cref="Bucket.WriteBatchAsync(string, Batch, System.Threading.CancellationToken)"/>,
    /// <see cref="RecordBatch"/>, the <see cref="IngestionWriter"/>) and single records written from memory. Used only
    /// when the server's API is 1.21 or newer (older servers store a compressed body as it arrives), only for bodies of
    /// at least <see cref="CompressionMinimumSize"/> bytes, and only when it makes the body smaller. Streamed records
    /// are always sent as they are. Records are stored, read back and replicated uncompressed either way. Default
    /// <see cref="ReductCompression.None"/>.
    /// </summary>
    public ReductCompression Compression { get; set; } = ReductCompression.None;

    /// <summary>
    /// The smallest body, in bytes, that <see cref="Compression"/> applies to: below it the two headers a compressed
    /// request needs cost more than compression saves. Default 512.
    /// </summary>
    public int CompressionMinimumSize { get; set; } = 512;

    /// <summary>How failed requests are retried; see <see cref="ReductRetryOptions"/>.</summary>
    public ReductRetryOptions Retry => _retry;

    /// <summary>
    /// A resilience pipeline of your own that replaces <see cref="Retry"/>. Each execution is one attempt: it
    /// returns the response whatever its status (the client turns error statuses into exceptions afterwards) and
    /// throws a <see cref="ReductException"/> with <see cref="ReductException.IsTransportFailure"/> when no
    /// response arrived. A request whose body cannot be sent again fails again at once, with the first failure
    /// and the reason, if the pipeline tries it a second time. Null (the default) uses <see cref="Retry"/>.
    /// </summary>
    public ResiliencePipeline<HttpResponseMessage>? ResiliencePipeline { get; set; }

    /// <summary>
    /// Decides whether the server's TLS certificate is accepted (HTTPS only), for example to pin a certificate.
    /// Applies to the connections the client creates itself, and to an <see cref="HttpClient"/> passed in only
    /// through a handler from <see cref="ReductClient.CreateHttpHandler(ReductClientOptions)"/>. Null (the default)
    /// uses the system's validation, extended by <see cref="TrustedCertificateAuthority"/>.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>
    /// A certificate authority to trust, instead of the system's store, for the server's TLS certificate: for a
    /// server whose certificate a private CA signed. The host name is still checked. Applies to the connections
    /// the client creates itself (and to those of a handler from
    /// <see cref="ReductClient.CreateHttpHandler(ReductClientOptions)"/>). Ignored when
    /// <see cref="ServerCertificateValidation"/> is set.
    /// </summary>
    public X509Certificate2? TrustedCertificateAuthority { get; set; }

    /// <summary>Where the client logs; nothing is logged when null. The API token is never logged.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Describes the options with the API token redacted.</summary>
    public override string ToString() =>
        $"ReductClientOptions {{ Url = {Url?.ToString() ?? "<none>"}, ApiToken = {(string.IsNullOrEmpty(ApiToken) ? "<none>" : "<redacted>")}, Timeout = {Timeout}, ConnectTimeout = {ConnectTimeout}, MaxRetryAttempts = {Retry.MaxRetryAttempts} }}";

    internal ReductClientOptions Clone()
    {
        var clone = (ReductClientOptions)MemberwiseClone();

        // The retry options are an object of their own: copy them too, so a running client never changes.
        clone._retry = Retry.Clone();
        return clone;
    }
}
