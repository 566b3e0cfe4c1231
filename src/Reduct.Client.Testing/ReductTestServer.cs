using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing;

/// <summary>
/// An in-process ReductStore server on Kestrel (real sockets, HTTP/1.1) that answers like the real
/// server: same routes, status codes, error messages, header limits and batch semantics. Start one
/// per test or per fixture and point a client at <see cref="Url"/>.
/// </summary>
/// <example>
/// <code>
/// await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = "secret" });
/// // use server.Url, then assert with server.Storage.GetRecords("bucket", "entry")
/// </code>
/// </example>
public sealed class ReductTestServer : IAsyncDisposable
{
    private readonly WebApplication _application;
    private readonly ServerContext _context;
    private bool _disposed;

    private ReductTestServer(WebApplication application, Uri url, ReductTestServerOptions options, ServerContext context, StorageEngine engine, ReductTestStatistics statistics, ReductTestFaults faults)
    {
        _application = application;
        _context = context;
        Url = url;
        Options = options;
        Storage = new ReductTestStorage(engine);
        Statistics = statistics;
        Faults = faults;
    }

    /// <summary>Base URL including the base path, always ending with <c>/</c> (for example <c>http://127.0.0.1:41234/</c>).</summary>
    public Uri Url { get; }

    /// <summary>The options the server was started with.</summary>
    public ReductTestServerOptions Options { get; }

    /// <summary>What the server stored.</summary>
    public ReductTestStorage Storage { get; }

    /// <summary>Traffic counters.</summary>
    public ReductTestStatistics Statistics { get; }

    /// <summary>Fault injection.</summary>
    public ReductTestFaults Faults { get; }

    /// <summary>Starts a server and waits until it accepts connections.</summary>
    /// <param name="options">Settings; defaults when null (ephemeral port, no auth, in memory, API 1.21).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">An option is out of range (for example an unparsable <see cref="ReductTestServerOptions.ApiVersion"/>).</exception>
    public static async Task<ReductTestServer> StartAsync(ReductTestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ReductTestServerOptions();
        var version = ApiVersion.Parse(options.ApiVersion);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxBatchRecords, nameof(options.MaxBatchRecords));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRequestHeadSize, 1, nameof(options.MaxRequestHeadSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.IoTimeout, TimeSpan.Zero, nameof(options.IoTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LockTimeout, TimeSpan.Zero, nameof(options.LockTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxBatchSize, nameof(options.MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchTimeout, TimeSpan.Zero, nameof(options.BatchTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchRecordsTimeout, TimeSpan.Zero, nameof(options.BatchRecordsTimeout));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        foreach (var bucket in options.ProvisionedBuckets)
        {
            if (string.IsNullOrEmpty(bucket) || !Protocol.BucketNameRules.IsValid(bucket))
            {
                throw new ArgumentException($"Provisioned bucket names may hold only letters, digits, '-' and '_', got '{bucket}'.", nameof(options));
            }
        }

        var basePath = NormalizeBasePath(options.BasePath);
        var address = ResolveAddress(options.Host);

        var engine = new StorageEngine(options.DataPath, options.DiscardBodies);
        foreach (var bucket in options.ProvisionedBuckets)
        {
            engine.ProvisionBucket(bucket);
        }

        var statistics = new ReductTestStatistics();
        var faults = new ReductTestFaults();
        var context = new ServerContext(options, version, basePath, engine, statistics, faults);
        var pipeline = new RequestPipeline(context);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, options, address));
        var application = builder.Build();
        application.Run(pipeline.InvokeAsync);

        // Lifecycle schedules stop with the server.
        application.Lifetime.ApplicationStopping.Register(context.Lifecycles.Dispose);
        await application.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = application.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        context.ListeningPort = port;
        var urlHost = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "localhost"
            : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]"
            : address.ToString();
        var url = new Uri($"http://{urlHost}:{port}{basePath}");
        return new ReductTestServer(application, url, options, context, engine, statistics, faults);
    }

    /// <summary>Stops the server. Data in a <see cref="ReductTestServerOptions.DataPath"/> folder stays.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Replication senders first: they must not send from a server that is going away.
        await _context.Replications.DisposeAsync().ConfigureAwait(false);
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _application.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        await _application.DisposeAsync().ConfigureAwait(false);
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ReductTestServerOptions options, IPAddress address)
    {
        kestrel.AddServerHeader = false;
        kestrel.Listen(address, options.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            NoContentLengthRewriter.Install(listen);
        });

        // The real server limits the header count to RS_IO_BATCH_MAX_RECORDS + 15 and the head size
        // to its read buffer; past either limit the request is refused with 431.
        var limits = kestrel.Limits;
        limits.MaxRequestHeaderCount = options.MaxBatchRecords + 15;
        limits.MaxRequestHeadersTotalSize = options.MaxRequestHeadSize;
        limits.MaxRequestLineSize = options.MaxRequestHeadSize;
        limits.MaxRequestBodySize = null;

        // Slow bodies are governed by IoTimeout (400 "Timeout while receiving data"), not by Kestrel's data rate.
        limits.MinRequestBodyDataRate = null;
        limits.MinResponseDataRate = null;

        kestrel.RequestHeaderEncodingSelector = _ => RequestPipeline.RequestHeaderEncoding;
        kestrel.ResponseHeaderEncodingSelector = _ => Encoding.UTF8;
    }

    private static string NormalizeBasePath(string? basePath)
    {
        var trimmed = (basePath ?? string.Empty).Trim('/');
        return trimmed.Length == 0 ? "/" : "/" + trimmed + "/";
    }

    private static IPAddress ResolveAddress(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        if (host is "*" or "+")
        {
            return IPAddress.Any;
        }

        return IPAddress.TryParse(host, out var address)
            ? address
            : throw new ArgumentException($"Host must be an IP address or 'localhost', got '{host}'.");
    }
}
