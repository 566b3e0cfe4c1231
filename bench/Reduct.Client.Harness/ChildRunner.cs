using System.Diagnostics;
using System.Runtime;
using System.Text.Json;

namespace Reduct.Client.Harness;

/// <summary>
/// The client side of one run, in its own process so that its memory is its own: warms up, tells the harness,
/// waits for the go, writes (or reads back) the measured records and prints what it cost.
/// </summary>
internal static class ChildRunner
{
    public const string WarmLine = """{"event":"warm"}""";

    /// <summary>The most warm-up rounds a .NET client makes; it stops earlier once the JIT has gone quiet.</summary>
    public const int MaxWarmupRounds = 8;

    // A round (with the pause before the next) that compiles fewer methods than this counts as quiet.
    private const int QuietRoundMethods = 10;

    private static readonly TimeSpan TieringPause = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, TextReader input, TextWriter output)
    {
        ClientRunArguments run = ClientRunArguments.Parse(arguments);
        bool reads = run.Path == ClientPath.Query;
        await using IWorkloadWriter? writer = reads ? null : run.Client switch
        {
            ClientKind.RawHttp => new RawHttpWriter(run.ServerUrl, run.Path),
            ClientKind.ReductClient => new ReductClientWriter(run.ServerUrl, run.Path),
            _ => throw new ArgumentException($"A .NET child cannot run the {run.Client} client.", nameof(arguments)),
        };
        await using IWorkloadReader? reader = !reads ? null : run.Client switch
        {
            ClientKind.RawHttp => new RawHttpReader(run.ServerUrl),
            ClientKind.ReductClient => new ReductClientReader(run.ServerUrl),
            _ => throw new ArgumentException($"A .NET child cannot run the {run.Client} client.", nameof(arguments)),
        };

        // A write reports the records it was given; a read what it received, for the harness to check.
        async Task<ReadTotals> RunWorkloadAsync(string bucket, WorkloadShape shape)
        {
            if (reader is not null)
            {
                return await reader.ReadAsync(bucket, shape, CancellationToken.None);
            }

            await writer!.WriteAsync(bucket, shape, CancellationToken.None);
            return new ReadTotals(shape.Records, shape.TotalBytes);
        }

        // Warm-up rounds with pauses between them, until a round leaves the JIT quiet: the runtime counts calls for
        // recompilation only once no new method has been compiled for 100 ms, and with dynamic PGO a hot method is
        // compiled up to three times (unoptimised, instrumented, optimised), so each round after a pause moves the
        // hot methods a tier up. The measured run should not pay for compilation; the result reports what the JIT
        // still did.
        string[] buckets = [run.WarmupBucket, .. run.LaterWarmupBuckets.Split(',', StringSplitOptions.RemoveEmptyEntries)];
        foreach (string bucket in buckets)
        {
            long compiledBefore = JitInfo.GetCompiledMethodCount();
            await RunWorkloadAsync(bucket, run.Warmup);
            await Task.Delay(TieringPause);
            if (JitInfo.GetCompiledMethodCount() - compiledBefore < QuietRoundMethods)
            {
                break;
            }
        }

        await Task.Delay(run.Settle);
        await output.WriteLineAsync(WarmLine);
        await output.FlushAsync();
        if (await input.ReadLineAsync() is null)
        {
            await Console.Error.WriteLineAsync("The harness closed stdin before the measured run.");
            return 1;
        }

        // Collect the warm-up's garbage now, so that it is neither counted nor collected during the measured run.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ProcessMemory.TryResetPeak();
        long residentBefore = ProcessMemory.ResidentBytes();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        TimeSpan cpuBefore = Environment.CpuUsage.TotalTime;
        long jitMethodsBefore = JitInfo.GetCompiledMethodCount();
        TimeSpan jitTimeBefore = JitInfo.GetCompilationTime();
        long workItemsBefore = ThreadPool.CompletedWorkItemCount;
        int threadsBefore = ThreadPool.ThreadCount;
        var clock = Stopwatch.StartNew();

        ReadTotals totals = await RunWorkloadAsync(run.Bucket, run.Measured);

        clock.Stop();
        var result = new ChildResult
        {
            Records = totals.Records,
            BodyBytes = reads ? totals.BodyBytes : null,
            Seconds = clock.Elapsed.TotalSeconds,
            CpuSeconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds,
            PeakRssBytes = ProcessMemory.PeakResidentBytes(),
            RssBeforeBytes = residentBefore,
            AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore,
            Gen0Collections = GC.CollectionCount(0) - collectionsBefore[0],
            Gen1Collections = GC.CollectionCount(1) - collectionsBefore[1],
            Gen2Collections = GC.CollectionCount(2) - collectionsBefore[2],
            Runtime = $".NET {Environment.Version}",
            JitCompiledMethods = JitInfo.GetCompiledMethodCount() - jitMethodsBefore,
            JitMilliseconds = (JitInfo.GetCompilationTime() - jitTimeBefore).TotalMilliseconds,
            ThreadPoolWorkItems = ThreadPool.CompletedWorkItemCount - workItemsBefore,
            ThreadPoolThreads = $"{threadsBefore}->{ThreadPool.ThreadCount}",
        };
        await output.WriteLineAsync(JsonSerializer.Serialize(result, HarnessJsonContext.Default.ChildResult));
        await output.FlushAsync();
        return 0;
    }
}
