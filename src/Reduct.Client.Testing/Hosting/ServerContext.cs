using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Hosting;

/// <summary>Everything the endpoints of one server share.</summary>
internal sealed class ServerContext
{
    public ServerContext(ReductTestServerOptions options, ApiVersion version, string basePath, StorageEngine engine, ReductTestStatistics statistics, ReductTestFaults faults)
    {
        Options = options;
        Version = version;
        BasePath = basePath;
        ApiPrefix = basePath + "api/v1/";
        Engine = engine;
        Clock = options.TimeProvider;
        StartedAt = Clock.GetUtcNow();
        Tokens = new TokenRegistry(options, Clock);
        Statistics = statistics;
        Faults = faults;
        IoTimeout = options.IoTimeout;
        EntryWrites = new EntryWriteGuard(statistics, options.OverlappingWrites, options.LockTimeout);
        Queries = new Querying.QueryRegistry(Clock);
        Replications = new Replication.ReplicationRegistry(this);
        engine.RecordCommitted = Replications.Offer;
        Lifecycles = new Lifecycles.LifecycleRegistry(this);
    }

    public ReductTestServerOptions Options { get; }

    public ApiVersion Version { get; }

    /// <summary>Normalised base path: starts and ends with <c>/</c>.</summary>
    public string BasePath { get; }

    /// <summary><c>{BasePath}api/v1/</c>.</summary>
    public string ApiPrefix { get; }

    public StorageEngine Engine { get; }

    public TokenRegistry Tokens { get; }

    public ReductTestStatistics Statistics { get; }

    public ReductTestFaults Faults { get; }

    public TimeSpan IoTimeout { get; }

    /// <summary>Which entries have a write request in progress; the real server's rule for overlapping writes.</summary>
    public EntryWriteGuard EntryWrites { get; }

    /// <summary>The open queries (v1 and v2) and their ids.</summary>
    public Querying.QueryRegistry Queries { get; }

    /// <summary>The replication tasks, which the engine tells of every committed record.</summary>
    public Replication.ReplicationRegistry Replications { get; }

    /// <summary>The TCP port the server listens on, known once Kestrel has bound it.</summary>
    public int ListeningPort { get; set; }
    /// <summary>The lifecycle policies and their schedules.</summary>
    public Lifecycles.LifecycleRegistry Lifecycles { get; }

    /// <summary><see cref="ReductTestServerOptions.TimeProvider"/>.</summary>
    public TimeProvider Clock { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Opens a body reader, arming an injected connection abort if one is pending.</summary>
    public Http.RequestBodyReader OpenWriteBody(HttpContext context) =>
        new(context, IoTimeout, Statistics, Faults.TakeConnectionAbort());

    /// <summary>Reads a small management body (settings, token permissions, a new name) whole.</summary>
    /// <exception cref="Http.ReductErrorException">The body broke off or stalled.</exception>
    public async Task<byte[]> ReadWholeBodyAsync(HttpContext context)
    {
        using var reader = OpenDrainBody(context);
        try
        {
            return await reader.ReadToEndAsync().ConfigureAwait(false);
        }
        catch (Http.BodyReadException exception)
        {
            throw exception.ToResponseError();
        }
    }

    /// <summary>Opens a body reader for a body that is only drained.</summary>
    public Http.RequestBodyReader OpenDrainBody(HttpContext context) =>
        new(context, IoTimeout, Statistics, abortAfterBytes: null);
}
