using System.Globalization;

namespace Reduct.Client.Harness;

/// <summary>
/// Plans the runs, hosts the reference servers, starts one process per client run, checks on the server that
/// every record arrived, and keeps the fastest of the rounds.
/// </summary>
internal sealed class HarnessRunner
{
    /// <summary>Server API for v1 batches: below 1.18 Reduct.Client's <see cref="Batch"/> goes over batch protocol v1.</summary>
    public const string V1ApiVersion = "1.17";

    /// <summary>Server API for everything else.</summary>
    public const string CurrentApiVersion = "1.21";

    /// <summary>Runs with less measured time than this are repeated in later rounds; longer ones are steady enough.</summary>
    public static readonly TimeSpan RepeatBelow = TimeSpan.FromSeconds(5);

    private readonly HarnessOptions _options;
    private readonly ClientLauncher _launcher;
    private readonly TextWriter _log;
    private int _bucketCounter;

    public HarnessRunner(HarnessOptions options, ClientLauncher launcher, TextWriter log)
    {
        _options = options;
        _launcher = launcher;
        _log = log;
    }

    public IReadOnlyList<Workload> Workloads =>
        [.. (_options.Smoke ? Workload.Smoke : Workload.Full)
            .Where(workload => _options.Workloads.Count == 0 || _options.Workloads.Contains(workload.Name))
            .Select(workload => workload.IsSmallRecords && _options.SmallRecords is int records
                ? workload with { Measured = workload.Measured with { Records = records } }
                : workload)];

    /// <summary>
    /// Every row of the report, server mode by server mode (see <see cref="Workload.RunsOn"/>): bodies discarded for all
    /// write workloads (the comparison of clients), in memory for the 100-byte ones and the 100-byte reads, in a folder
    /// for the read of a record too large to keep in memory.
    /// </summary>
    public IReadOnlyList<PlannedRun> Plan()
    {
        var runs = new List<PlannedRun>();
        foreach (ServerStorage storage in Enum.GetValues<ServerStorage>().Where(storage => !_options.SkipInMemory || storage != ServerStorage.Memory))
        {
            foreach (Workload workload in Workloads.Where(workload => workload.RunsOn(storage)))
            {
                runs.AddRange(PlanWorkload(workload, storage)
                    .Where(run => _options.Paths.Count == 0 || _options.Paths.Contains(run.Path) || _options.Paths.Contains(run.ComparedPath)));
            }
        }

        return runs;
    }

    /// <summary>
    /// Runs the plan server mode by server mode, each in rounds: the first round runs every row, later rounds repeat
    /// only the rows whose run was short (a second or two of traffic is easily disturbed by anything else the machine
    /// does), alternating the clients again. Both modes have target checks, so both get the same rounds.
    /// </summary>
    /// <remarks>
    /// Each workload's rows run in plan order in odd rounds and in reverse order in even ones, so that the two rows of
    /// a compared pair each go first in half of the rounds: whatever a run leaves behind for the next one (in the
    /// server process, in the kernel's caches and queues) then weighs on both clients alike.
    /// </remarks>
    public async Task<IReadOnlyList<RunResult>> RunAsync(IReadOnlyList<PlannedRun> plan, CancellationToken cancellationToken)
    {
        var results = new List<RunResult>();
        var servers = new Dictionary<ServerConfiguration, ServerHost>();
        try
        {
            foreach (IGrouping<ServerStorage, PlannedRun> mode in plan.GroupBy(run => run.Server.Storage))
            {
                for (int round = 1; round <= _options.Rounds; round++)
                {
                    foreach (PlannedRun run in InRoundOrder(mode, round))
                    {
                        if (round > 1 && !IsWorthRepeating(results.Where(result => result.Run == run)))
                        {
                            continue;
                        }

                        if (!servers.TryGetValue(run.Server, out ServerHost? server))
                        {
                            server = await ServerHost.StartAsync(run.Server);
                            servers[run.Server] = server;
                        }

                        RunResult result = await RunOneAsync(run, server, cancellationToken) with { Round = round };
                        results.Add(result);
                        _log.WriteLine(Describe(results.Count, round, result));
                    }
                }
            }
        }
        finally
        {
            foreach (ServerHost server in servers.Values)
            {
                await server.DisposeAsync();
            }
        }

        return results;
    }

    /// <summary>The fastest successful run of each row, or a failed one when no run of the row succeeded.</summary>
    public static IReadOnlyList<RunResult> BestOfRounds(IReadOnlyList<RunResult> results) =>
        [.. results
            .GroupBy(result => result.Run)
            .Select(rounds => rounds.Where(result => result.Succeeded).MaxBy(result => result.RecordsPerSecond) ?? rounds.First())];

    /// <summary>The runs of one server mode in the order of a round: each workload's rows reversed in even rounds.</summary>
    public static IEnumerable<PlannedRun> InRoundOrder(IEnumerable<PlannedRun> runs, int round) =>
        round % 2 == 1
            ? runs
            : runs.GroupBy(run => run.Workload).SelectMany(workload => workload.Reverse());

    private static bool IsWorthRepeating(IEnumerable<RunResult> earlier) =>
        earlier.All(result => result.Succeeded && result.Child!.Seconds < RepeatBelow.TotalSeconds);

    private static IEnumerable<PlannedRun> PlanWorkload(Workload workload, ServerStorage storage)
    {
        var current = new ServerConfiguration(CurrentApiVersion, storage);
        var v1 = new ServerConfiguration(V1ApiVersion, storage);
        if (workload.Reads)
        {
            // Bucket.QueryAsync(entry) reads over protocol v1 on any server; reduct-js reads one entry over v2 from 1.18.
            yield return new(workload, ClientKind.RawHttp, ClientPath.Query, current);
            yield return new(workload, ClientKind.ReductClient, ClientPath.Query, current);
            yield return new(workload, ClientKind.ReductJs, ClientPath.Query, current);
            yield break;
        }

        if (workload.Streamed)
        {
            yield return new(workload, ClientKind.RawHttp, ClientPath.Stream, current);
            yield return new(workload, ClientKind.ReductClient, ClientPath.Stream, current);
            yield return new(workload, ClientKind.ReductJs, ClientPath.Stream, current);
            yield break;
        }

        // Within each write path the clients take turns, so that a change in machine load hits them alike.
        yield return new(workload, ClientKind.RawHttp, ClientPath.Single, current);
        yield return new(workload, ClientKind.ReductClient, ClientPath.Single, current);
        yield return new(workload, ClientKind.ReductJs, ClientPath.Single, current);
        yield return new(workload, ClientKind.RawHttp, ClientPath.BatchV1, v1);
        yield return new(workload, ClientKind.ReductClient, ClientPath.BatchV1, v1);

        // reduct-js prints a warning on every response of a server older than API 1.18, and writes v1 batches to any
        // server, so it gets the v1 batch endpoint of a current one.
        yield return new(workload, ClientKind.ReductJs, ClientPath.BatchV1, current);
        yield return new(workload, ClientKind.RawHttp, ClientPath.BatchV2, current);
        yield return new(workload, ClientKind.ReductClient, ClientPath.BatchV2, current);
        yield return new(workload, ClientKind.ReductClient, ClientPath.Writer, current);
        yield return new(workload, ClientKind.ReductJs, ClientPath.BatchV2, current);
    }

    private async Task<RunResult> RunOneAsync(PlannedRun run, ServerHost server, CancellationToken cancellationToken)
    {
        if (run.Client == ClientKind.ReductJs && _launcher.NodeVersion is null)
        {
            return new RunResult(run, null, null, "reduct-js was left out (--skip-js)");
        }

        if (run.Workload.Reads)
        {
            return await RunReadAsync(run, server, cancellationToken);
        }

        int number = Interlocked.Increment(ref _bucketCounter);
        string bucket = string.Create(CultureInfo.InvariantCulture, $"run-{number}");
        string warmupBucket = bucket + "-warmup";
        string[] laterWarmupBuckets = [.. Enumerable.Range(2, ChildRunner.MaxWarmupRounds - 1).Select(round => string.Create(CultureInfo.InvariantCulture, $"{warmupBucket}-{round}"))];
        string[] warmupBuckets = [warmupBucket, .. laterWarmupBuckets];
        server.StartCounting();
        await server.CreateBucketAsync(bucket);
        foreach (string name in warmupBuckets)
        {
            await server.CreateBucketAsync(name);
        }

        var removedWarmupBuckets = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var arguments = new ClientRunArguments(run.Client, run.Path, server.Url, bucket, warmupBucket, string.Join(',', laterWarmupBuckets),
                run.Workload.Measured, run.Workload.WarmupFor(run.Path), _options.Settle);

            // Every measured run finds the server in the same state: the warm-up's records (one to eight rounds of
            // them, depending on how long the client's JIT took to settle) are removed and collected first. Left in
            // place, they made the server's collections during the measured run longer for the client that warmed up
            // longer.
            async Task PrepareServerAsync(CancellationToken token)
            {
                foreach (string name in warmupBuckets)
                {
                    await server.RemoveBucketAsync(name);
                    removedWarmupBuckets.Add(name);
                }

                await server.ResetTrafficAsync(token);
            }

            ChildResult child = await ClientProcess.RunAsync(
                _launcher.CreateStartInfo(arguments),
                PrepareServerAsync,
                _options.Timeout,
                cancellationToken);
            ServerTraffic traffic = await server.ReadTrafficAsync(bucket, cancellationToken);
            return new RunResult(run, child, traffic, Verify(run.Workload.Measured, child, traffic));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // An overlapping write is the likely reason for a client that failed against this server: say so first.
            long overlapping = server.OverlappingWriteRequests;
            return new RunResult(run, null, null, overlapping > 0 ? OverlapMessage(overlapping) + "; " + exception.Message : exception.Message);
        }
        finally
        {
            await server.RemoveBucketAsync(bucket);
            foreach (string name in warmupBuckets.Where(name => !removedWarmupBuckets.Contains(name)))
            {
                await server.RemoveBucketAsync(name);
            }
        }
    }

    /// <summary>
    /// Runs one client that reads a workload back. Every client reads the same bucket, which the harness writes before
    /// the first run against the server, and warms up on a smaller bucket as many rounds as it needs.
    /// </summary>
    private async Task<RunResult> RunReadAsync(PlannedRun run, ServerHost server, CancellationToken cancellationToken)
    {
        string bucket = "read-" + run.Workload.Name;
        string warmupBucket = bucket + "-warmup";
        try
        {
            await server.FillOnceAsync(bucket, run.Workload.Measured, run.Workload.Streamed, cancellationToken);
            await server.FillOnceAsync(warmupBucket, run.Workload.WarmupFor(run.Path), run.Workload.Streamed, cancellationToken);
            server.StartCounting();
            string laterWarmupBuckets = string.Join(',', Enumerable.Repeat(warmupBucket, ChildRunner.MaxWarmupRounds - 1));
            var arguments = new ClientRunArguments(run.Client, run.Path, server.Url, bucket, warmupBucket, laterWarmupBuckets,
                run.Workload.Measured, run.Workload.WarmupFor(run.Path), _options.Settle);
            ChildResult child = await ClientProcess.RunAsync(_launcher.CreateStartInfo(arguments), server.ResetTrafficAsync, _options.Timeout, cancellationToken);
            ServerTraffic traffic = await server.ReadTrafficAsync(bucket, cancellationToken);
            return new RunResult(run, child, traffic, VerifyRead(run.Workload.Measured, child));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new RunResult(run, null, null, exception.Message);
        }
    }

    /// <summary>A read only counts when the client received every record and every body byte.</summary>
    private static string? VerifyRead(WorkloadShape shape, ChildResult child)
    {
        if (child.Records != shape.Records || child.BodyBytes != shape.TotalBytes)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the client read {child.Records} of {shape.Records} records and {child.BodyBytes} of {shape.TotalBytes} body bytes");
        }

        return child.Seconds > 0 ? null : "the client reported no elapsed time";
    }

    /// <summary>
    /// A run only counts when no write request overlapped another to the same entry (checked first: the server fails
    /// such requests, so the records they carried are missing too), and the server stored every record and read every
    /// body byte.
    /// </summary>
    private static string? Verify(WorkloadShape shape, ChildResult child, ServerTraffic traffic)
    {
        if (traffic.OverlappingWriteRequests > 0 || traffic.WarmupOverlappingWriteRequests > 0)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{OverlapMessage(traffic.OverlappingWriteRequests + traffic.WarmupOverlappingWriteRequests)} ({traffic.WarmupOverlappingWriteRequests} of them during the warm-up)");
        }

        if (child.Records != shape.Records || traffic.StoredRecords != shape.Records)
        {
            return $"the server stored {traffic.StoredRecords} of {shape.Records} records";
        }

        if (traffic.BodyBytes != shape.TotalBytes)
        {
            return $"the server read {traffic.BodyBytes} body bytes, expected {shape.TotalBytes}";
        }

        return child.Seconds > 0 ? null : "the client reported no elapsed time";
    }

    private static string OverlapMessage(long requests) => string.Create(CultureInfo.InvariantCulture,
        $"the server counted {requests} write request(s) that overlapped another write to the same entry, which ReductStore 1.20 and 1.21 cannot take");

    private static string Describe(int done, int round, RunResult result)
    {
        string figures = result.Succeeded
            ? string.Create(CultureInfo.InvariantCulture,
                $"{result.RecordsPerSecond,12:N0} records/s {result.MegabytesPerSecond,8:N1} MB/s {result.HeadBytesPerRecord,7:N1} head B/rec, peak RSS {result.PeakRssMiB:N0} MiB, CPU µs/rec client {result.CpuMicrosecondsPerRecord:N2} server {result.ServerCpuMicrosecondsPerRecord:N2}, server GC {result.Traffic!.GcCollections} paused {result.Traffic.GcPauseSeconds * 1000:N0} ms, pool threads {result.Traffic.ThreadPoolThreads} ({result.Child!.Seconds:N1} s{JitNote(result.Child)})")
            : "FAILED: " + result.Error;
        return string.Create(CultureInfo.InvariantCulture, $"[{done,3} r{round}] {result.Run.Server.Mode,-16} {result.Run.Workload.Name,-17} {result.Run.ClientName,-14} {result.Run.PathName,-27} {figures}");
    }

    /// <summary>
    /// What the JIT still compiled during a .NET client's measured run (close to nothing after a good warm-up), and
    /// how many thread-pool work items the run took per record, with how many pool threads it started and ended.
    /// </summary>
    private static string JitNote(ChildResult child) =>
        child.JitCompiledMethods is { } methods
            ? string.Create(CultureInfo.InvariantCulture, $", JIT {methods} methods / {child.JitMilliseconds:N0} ms, {child.ThreadPoolWorkItems / (double)child.Records:N4} pool items/record, pool threads {child.ThreadPoolThreads}")
            : string.Empty;
}
