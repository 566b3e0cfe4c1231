using System.Diagnostics;
using System.Globalization;
using Reduct.Client.Testing;

namespace Reduct.Client.Harness;

/// <summary>
/// A reference server (Reduct.Client.Testing, Kestrel) hosted by the harness process, which does nothing else
/// while a client process runs: the clients are measured in processes of their own.
/// </summary>
internal sealed class ServerHost : IAsyncDisposable
{
    /// <summary>
    /// How long a write to an entry whose write lock another request holds waits before it fails, as the real server's
    /// <c>RS_RWLOCK_TIMEOUT</c> does: short, so that a client that overlaps writes to one entry shows failed records
    /// within seconds instead of stalling its run until the harness's time limit.
    /// </summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(5);

    private readonly ReductTestServer _server;
    private readonly HttpClient _management;
    private readonly DirectoryInfo? _dataFolder;
    private readonly HashSet<string> _filledBuckets = new(StringComparer.Ordinal);
    private TimeSpan _cpuAtReset;
    private TimeSpan _gcPauseAtReset;
    private int[] _collectionsAtReset = [0, 0, 0];
    private int _threadsAtReset;
    private long _overlappingWritesDuringWarmup;

    private ServerHost(ReductTestServer server, ServerConfiguration configuration, DirectoryInfo? dataFolder)
    {
        _server = server;
        _dataFolder = dataFolder;
        Configuration = configuration;
        _management = new HttpClient { BaseAddress = new Uri(server.Url, "api/v1/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public ServerConfiguration Configuration { get; }

    public Uri Url => _server.Url;

    public static async Task<ServerHost> StartAsync(ServerConfiguration configuration)
    {
        DirectoryInfo? dataFolder = configuration.Storage == ServerStorage.Folder ? Directory.CreateTempSubdirectory("reduct-harness-") : null;
        ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions
        {
            ApiVersion = configuration.ApiVersion,
            DiscardBodies = configuration.Storage == ServerStorage.DiscardBodies,
            DataPath = dataFolder?.FullName,

            // As ReductStore 1.20 and 1.21 do: a write that overlaps another to the same entry fails, and so does every
            // later one to it. A client measured here must get along with the servers it will meet.
            OverlappingWrites = OverlappingWriteBehavior.BlockLikeRealServer,
            LockTimeout = LockTimeout,
        });
        return new ServerHost(server, configuration, dataFolder);
    }

    /// <summary>
    /// Creates a bucket and writes a workload's records into it through Reduct.Client (v2 batches, or a streamed
    /// upload per record), once: the buckets that clients read from stay for every run against this server.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server did not store every record.</exception>
    public async Task FillOnceAsync(string bucket, WorkloadShape shape, bool streamed, CancellationToken cancellationToken)
    {
        if (_filledBuckets.Contains(bucket))
        {
            return;
        }

        await CreateBucketAsync(bucket);
        await using (var writer = new ReductClientWriter(Url, streamed ? ClientPath.Stream : ClientPath.BatchV2))
        {
            await writer.WriteAsync(bucket, shape, cancellationToken);
        }

        int stored = _server.Storage.CountRecords(bucket);
        if (stored != shape.Records)
        {
            throw new InvalidOperationException($"The harness wrote {shape.Records} records to read back into {bucket}; the server stored {stored}.");
        }

        _filledBuckets.Add(bucket);
    }

    public async Task CreateBucketAsync(string name)
    {
        using HttpResponseMessage response = await _management.PostAsync(new Uri("b/" + name, UriKind.Relative), content: null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Removes a bucket, so that an in-memory server gives its records' memory back before the next run.</summary>
    public async Task RemoveBucketAsync(string name)
    {
        using HttpResponseMessage response = await _management.DeleteAsync(new Uri("b/" + name, UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Write requests that overlapped another write to the same entry since the last reset of the counters.</summary>
    public long OverlappingWriteRequests => _server.Statistics.OverlappingWriteRequests;

    /// <summary>
    /// Zeroes the traffic counters before a client process starts, so that the overlapping writes counted up to its
    /// measured run are those of its warm-up.
    /// </summary>
    public void StartCounting()
    {
        _server.Statistics.Reset();
        _overlappingWritesDuringWarmup = 0;
    }

    /// <summary>
    /// Waits until no request is in flight, collects the server's garbage (so that what earlier runs left behind is not
    /// collected during the next one) and zeroes the traffic counters, keeping the overlapping writes of the warm-up.
    /// </summary>
    public async Task ResetTrafficAsync(CancellationToken cancellationToken)
    {
        await _server.Statistics.WaitForIdleAsync(cancellationToken);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        _overlappingWritesDuringWarmup = _server.Statistics.OverlappingWriteRequests;
        _server.Statistics.Reset();
        _cpuAtReset = ProcessCpuTime();
        _gcPauseAtReset = GC.GetTotalPauseDuration();
        _collectionsAtReset = Collections();
        _threadsAtReset = ThreadPool.ThreadCount;
    }

    /// <summary>Waits until no request is in flight and reads the traffic since the last reset.</summary>
    public async Task<ServerTraffic> ReadTrafficAsync(string bucket, CancellationToken cancellationToken)
    {
        await _server.Statistics.WaitForIdleAsync(cancellationToken);
        return new ServerTraffic(
            _server.Statistics.RequestCount,
            _server.Statistics.RequestHeadBytes,
            _server.Statistics.BodyBytes,
            _server.Storage.CountRecords(bucket),
            (ProcessCpuTime() - _cpuAtReset).TotalSeconds,
            (GC.GetTotalPauseDuration() - _gcPauseAtReset).TotalSeconds,
            CollectionsSinceReset(),
            string.Create(CultureInfo.InvariantCulture, $"{_threadsAtReset}->{ThreadPool.ThreadCount}"),
            _server.Statistics.OverlappingWriteRequests,
            _overlappingWritesDuringWarmup);
    }

    private static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    /// <summary>"gen0/gen1/gen2" since the reset, each collection counted in its highest generation only.</summary>
    private string CollectionsSinceReset()
    {
        int[] now = Collections();
        int gen2 = now[2] - _collectionsAtReset[2];
        int gen1 = now[1] - _collectionsAtReset[1] - gen2;
        int gen0 = now[0] - _collectionsAtReset[0] - gen1 - gen2;
        return string.Create(CultureInfo.InvariantCulture, $"{gen0}/{gen1}/{gen2}");
    }

    /// <summary>The CPU time of this process, which only serves requests while a client runs: the server's cost.</summary>
    private static TimeSpan ProcessCpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        _management.Dispose();
        await _server.DisposeAsync();
        _dataFolder?.Delete(recursive: true);
    }
}
