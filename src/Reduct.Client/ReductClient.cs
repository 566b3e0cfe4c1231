using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Reduct.Client.Http;
using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>
/// A client of one ReductStore server: server information and bucket management, and the entry point to
/// <see cref="Bucket"/> handles that write and read records.
/// </summary>
/// <remarks>
/// Create one per server and application and share it: it is thread-safe and keeps a pool of connections.
/// <code>
/// using var client = new ReductClient("http://localhost:8383", "my-token");
/// Bucket bucket = await client.CreateBucketAsync("my-bucket", existOk: true);
/// await bucket.WriteAsync("entry-1", "Hey!!"u8.ToArray());
/// </code>
/// </remarks>
public partial class ReductClient : IDisposable
{
    private readonly ReductHttpPipeline? _pipeline;

    /// <summary>Creates a client for a server URL and an optional API token.</summary>
    /// <param name="url">Server URL, for example <c>http://localhost:8383</c>; may carry a path prefix.</param>
    /// <param name="apiToken">API token, or null when the server runs without auth.</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http or https URL.</exception>
    public ReductClient(string url, string? apiToken = null)
        : this(new ReductClientOptions { Url = ParseUrl(url), ApiToken = apiToken })
    {
    }

    /// <summary>Creates a client for a server URL and an optional API token.</summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http or https URL.</exception>
    public ReductClient(Uri url, string? apiToken = null)
        : this(new ReductClientOptions { Url = url, ApiToken = apiToken })
    {
    }

    /// <summary>Creates a client from options; it owns its connection pool.</summary>
    /// <exception cref="ArgumentException">The options have no valid <see cref="ReductClientOptions.Url"/>.</exception>
    public ReductClient(ReductClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ReductClientOptions own = ValidateOptions(options);
        Uri url = CheckUrl(own.Url, nameof(options));
        var httpClient = new HttpClient(CreateHandler(own), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _pipeline = new ReductHttpPipeline(httpClient, ownsHttpClient: true, url, own, CreateLogger(own));
    }

    /// <summary>
    /// Creates a client on an existing <see cref="HttpClient"/>, for example one from <c>IHttpClientFactory</c>
    /// or one with handlers of your own.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The caller keeps ownership of <paramref name="httpClient"/>: disposing this client leaves it open, and it
    /// must stay open as long as this client is used. Its <see cref="HttpClient.Timeout"/> still applies to every
    /// request, so set it to <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for long streamed uploads
    /// (<see cref="ReductClientOptions.Timeout"/> is applied by this client either way).
    /// </para>
    /// <para>
    /// Its handlers make the connections, so <see cref="ReductClientOptions.ConnectTimeout"/>,
    /// <see cref="ReductClientOptions.ServerCertificateValidation"/> and
    /// <see cref="ReductClientOptions.TrustedCertificateAuthority"/> apply only if its innermost handler comes from
    /// <see cref="CreateHttpHandler(ReductClientOptions)"/>, which also refuses redirects.
    /// </para>
    /// </remarks>
    /// <param name="httpClient">The HTTP client to send through; not disposed by this client.</param>
    /// <param name="options">Options; <see cref="ReductClientOptions.Url"/> defaults to the client's base address. Null for the defaults.</param>
    /// <param name="loggerFactory">
    /// Where the client logs, for example the application's <see cref="ILoggerFactory"/>; null to use
    /// <see cref="ReductClientOptions.LoggerFactory"/>. Given here, it leaves a shared options object unchanged.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// Neither the options nor the HTTP client give a valid server URL, or an option is out of range (the message
    /// names it).
    /// </exception>
    public ReductClient(HttpClient httpClient, ReductClientOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ReductClientOptions own = ValidateOptions(options ?? new ReductClientOptions());
        Uri url = CheckUrl(own.Url ?? httpClient.BaseAddress, nameof(options));
        if (loggerFactory is not null)
        {
            own.LoggerFactory = loggerFactory;
        }

        _pipeline = new ReductHttpPipeline(httpClient, ownsHttpClient: false, url, own, CreateLogger(own));
    }

    /// <summary>For mocking in tests of code that uses the client.</summary>
    protected ReductClient()
    {
    }

    /// <summary>The server URL, with a trailing slash.</summary>
    public virtual Uri Url => new(Pipeline.ApiBase, "../../");

    /// <summary>
    /// The API version the server reported in its last response that carried one (<c>x-reduct-api</c>), or
    /// null before the first such response.
    /// </summary>
    public virtual Version? ServerApiVersion => Pipeline.Versions.Current;

    private protected ReductHttpPipeline Pipeline
    {
        get
        {
            ReductHttpPipeline pipeline = _pipeline ?? throw new InvalidOperationException("This ReductClient was created for mocking and cannot send requests.");
            ObjectDisposedException.ThrowIf(pipeline.IsDisposed, this);
            return pipeline;
        }
    }

    /// <summary>Gets server information (<c>GET /api/v1/info</c>).</summary>
    /// <exception cref="ReductException">The server answered with an error or could not be reached.</exception>
    public virtual Task<ServerInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        Pipeline.GetJsonAsync("info", ReductJsonContext.Default.ServerInfo, cancellationToken);

    /// <summary>
    /// True when the server answers <c>GET /api/v1/alive</c> with 200; false when it answers otherwise or cannot
    /// be reached. Needs no token.
    /// </summary>
    public virtual Task<bool> IsAliveAsync(CancellationToken cancellationToken = default) =>
        ProbeAsync("alive", cancellationToken);

    /// <summary>
    /// True when the server answers <c>GET /api/v1/ready</c> with 200 (ready to serve; servers 1.18 and newer);
    /// false while it starts, when it cannot be reached, or on older servers.
    /// </summary>
    public virtual Task<bool> IsReadyAsync(CancellationToken cancellationToken = default) =>
        ProbeAsync("ready", cancellationToken);

    /// <summary>Lists the buckets the token may read.</summary>
    /// <exception cref="ReductException">The server answered with an error or could not be reached.</exception>
    public virtual async Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(CancellationToken cancellationToken = default)
    {
        BucketList list = await Pipeline.GetJsonAsync("list", ReductJsonContext.Default.BucketList, cancellationToken).ConfigureAwait(false);
        return list.Buckets;
    }

    /// <summary>Gets the token this client uses, as the server sees it (<c>GET /api/v1/me</c>).</summary>
    /// <exception cref="ReductException">The server answered with an error (401 without a valid token) or could not be reached.</exception>
    public virtual Task<TokenInfo> GetCurrentTokenAsync(CancellationToken cancellationToken = default) =>
        Pipeline.GetJsonAsync("me", ReductJsonContext.Default.TokenInfo, cancellationToken);

    /// <summary>Creates a bucket.</summary>
    /// <param name="name">Bucket name: letters, digits, <c>_</c> and <c>-</c>.</param>
    /// <param name="settings">Settings; the server's defaults fill what is null.</param>
    /// <param name="existOk">When true, an existing bucket of that name is not an error (its settings are left as they are).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A handle to the bucket.</returns>
    /// <exception cref="ArgumentException">The name is not a valid bucket name.</exception>
    /// <exception cref="ReductException">409 when the bucket exists and <paramref name="existOk"/> is false, or another error.</exception>
    public virtual async Task<Bucket> CreateBucketAsync(
        string name,
        BucketSettings? settings = null,
        bool existOk = false,
        CancellationToken cancellationToken = default)
    {
        NameRules.ValidateBucketName(name, nameof(name));
        var request = new HttpRequestMessage(HttpMethod.Post, Pipeline.Uri("b/" + name));
        if (settings is not null)
        {
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(settings, ReductJsonContext.Default.BucketSettings));
        }

        try
        {
            await Pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ReductException ex) when (existOk && ex.Status == (int)HttpStatusCode.Conflict)
        {
            // 409 is also the answer for a bucket being deleted; only "already exists" is fine here.
            await GetBucketAsync(name, cancellationToken).ConfigureAwait(false);
        }

        return GetBucket(name);
    }

    /// <summary>Gets a handle to a bucket without contacting the server.</summary>
    /// <exception cref="ArgumentException">The name is not a valid bucket name.</exception>
    public virtual Bucket GetBucket(string name)
    {
        NameRules.ValidateBucketName(name, nameof(name));
        return new Bucket(this, Pipeline, name);
    }

    /// <summary>Gets a handle to a bucket after checking with the server that it exists and can be read.</summary>
    /// <exception cref="ArgumentException">The name is not a valid bucket name.</exception>
    /// <exception cref="ReductException">404 when the bucket does not exist, or another error.</exception>
    public virtual async Task<Bucket> GetBucketAsync(string name, CancellationToken cancellationToken = default)
    {
        Bucket bucket = GetBucket(name);
        await bucket.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        return bucket;
    }

    /// <summary>Releases the connection pool when the client created it.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pipeline?.Dispose();
        }
    }

    /// <summary>Describes the client without its API token.</summary>
    public override string ToString() => _pipeline is null ? nameof(ReductClient) : $"ReductClient {{ Url = {new Uri(_pipeline.ApiBase, "../../")} }}";

    private async Task<bool> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Pipeline.Uri(path));
            using HttpResponseMessage response = await Pipeline.SendAsync(
                request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, new RequestHistory { IsProbe = true }, extraHeaders: null, preparedFirstAttempt: null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ReductException ex) when (ex.Status != ReductException.UnsupportedApiVersion)
        {
            return false;
        }
    }

    private static Uri ParseUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.Contains("://", StringComparison.Ordinal))
        {
            // "localhost:8383" parses as a URI whose scheme is "localhost".
            throw new ArgumentException($"'{url}' has no scheme: write http://{url} (or https://{url}).", nameof(url));
        }

        return Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed)
            ? CheckUrl(parsed, nameof(url))
            : throw new ArgumentException($"'{url}' is not an absolute URL such as http://localhost:8383.", nameof(url));
    }

    private static Uri CheckUrl(Uri? url, string paramName)
    {
        if (url is null)
        {
            throw new ArgumentException("A server URL is required: set ReductClientOptions.Url (or the HttpClient's BaseAddress).", paramName);
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not an absolute http or https URL.", paramName);
        }

        if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw new ArgumentException($"The server URL '{url}' must not have a query or fragment.", paramName);
        }

        string path = url.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api/v1", StringComparison.OrdinalIgnoreCase))
        {
            var serverUrl = new Uri(url, path[..^"api/v1".Length]);
            throw new ArgumentException(
                $"The server URL '{url}' ends in /api/v1; give the server's own URL ('{serverUrl}'): the client adds /api/v1 to every request.", paramName);
        }

        return url;
    }

    private static ReductClientOptions ValidateOptions(ReductClientOptions options)
    {
        if (options.Timeout <= TimeSpan.Zero && options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "ReductClientOptions.Timeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero && options.ConnectTimeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ConnectTimeout, "ReductClientOptions.ConnectTimeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        if (options.ExpectContinueThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ExpectContinueThreshold, "ReductClientOptions.ExpectContinueThreshold must not be negative.");
        }

        if (options.BatchMaxRecords < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchMaxRecords, "ReductClientOptions.BatchMaxRecords must be at least 1.");
        }

        if (options.BatchMaxBodySize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchMaxBodySize, "ReductClientOptions.BatchMaxBodySize must be at least 1.");
        }

        if (options.BatchMaxHeaderSize < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchMaxHeaderSize, "ReductClientOptions.BatchMaxHeaderSize must be at least 1024.");
        }

        if (options.MaxLabelHeaderSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLabelHeaderSize, "ReductClientOptions.MaxLabelHeaderSize must be at least 1.");
        }

        if (!Enum.IsDefined(options.Compression))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Compression, "ReductClientOptions.Compression must be None, Gzip or Zstd.");
        }

        if (options.CompressionMinimumSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CompressionMinimumSize, "ReductClientOptions.CompressionMinimumSize must not be negative.");
        }

        options.Retry.Validate(nameof(options));

        if (options.ApiToken is { } bearer && bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // The token itself is never part of a message.
            throw new ArgumentException("ReductClientOptions.ApiToken starts with 'Bearer ': give the token alone; the client sends it with the Bearer scheme.", nameof(options));
        }

        if (options.ApiToken is { } token && token.AsSpan().IndexOfAnyExceptInRange('!', '~') >= 0)
        {
            // Do not echo the token: it is a secret even when malformed.
            throw new ArgumentException("ReductClientOptions.ApiToken must be printable ASCII without spaces.", nameof(options));
        }

        // A copy, so later changes to the caller's options object do not change a running client.
        return options.Clone();
    }

    /// <summary>
    /// Creates the connection handler a client uses when it makes its own connections, for an
    /// <see cref="HttpClient"/> you build yourself: the primary handler of an <c>IHttpClientFactory</c> client,
    /// or the innermost handler under handlers of your own.
    /// </summary>
    /// <remarks>
    /// The handler opens connections within <see cref="ReductClientOptions.ConnectTimeout"/>, checks the server's
    /// certificate with <see cref="ReductClientOptions.ServerCertificateValidation"/> or against
    /// <see cref="ReductClientOptions.TrustedCertificateAuthority"/>, renews pooled connections every five minutes
    /// so that a long-lived client follows DNS changes, does not decompress, and does not follow redirects (the API
    /// never redirects; following one would send the token and the body elsewhere). The other options do not
    /// concern it; changing the options afterwards does not change it.
    /// <code>
    /// var options = new ReductClientOptions { Url = new Uri("https://store:8383"), TrustedCertificateAuthority = ca };
    /// var httpClient = new HttpClient(new MyAuditHandler { InnerHandler = ReductClient.CreateHttpHandler(options) })
    /// {
    ///     Timeout = Timeout.InfiniteTimeSpan,
    /// };
    /// using var client = new ReductClient(httpClient, options);
    /// </code>
    /// </remarks>
    /// <param name="options">The options; they are checked as the constructors check them.</param>
    /// <returns>A new handler. The caller owns it: the <see cref="HttpClient"/> it is given to disposes it by default.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range or malformed (the message names it).</exception>
    public static SocketsHttpHandler CreateHttpHandler(ReductClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CreateHandler(ValidateOptions(options));
    }

    private static SocketsHttpHandler CreateHandler(ReductClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,

            // Connections are renewed now and then so that a long-lived client follows DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,

            // The API never redirects. Following one would send the token and the body to another address (and a
            // body from a stream cannot be sent twice), so a redirect is reported as an error naming its target.
            AllowAutoRedirect = false,

            // A batched read carries a header per record, up to 512,000 bytes of them by default (read reference
            // §2.6): far more than the 64 KiB .NET allows by default. The limit is in KiB.
            MaxResponseHeadersLength = 1024,
        };
        if (options.ServerCertificateValidation is { } validate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validate;
        }
        else if (options.TrustedCertificateAuthority is { } authority)
        {
            // Chain building against the given root only; the host name check of the platform stays in force.
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { authority },
            };
        }

        return handler;
    }

    private static ILogger CreateLogger(ReductClientOptions options) =>
        options.LoggerFactory?.CreateLogger("Reduct.Client") ?? NullLogger.Instance;
}
