using System.Diagnostics;
using System.Globalization;
using Reduct.Client.Testing;

namespace Reduct.Client.Benchmarks;

/// <summary>
/// The writer under sustained overload: producers write as fast as they can to a reference server that delays
/// every response, for a given time. Reports throughput, the writer's buffer, failures and the process's peak
/// memory (VmHWM), which must stay flat: backpressure, not growth.
/// </summary>
internal static class Soak
{
    /// <param name="duration">How long the producers write.</param>
    /// <param name="responseDelay">How long the in-process server delays each response.</param>
    /// <param name="serverUrl">
    /// A server in another process (for example <c>samples/ReferenceServer --discard-bodies --response-delay-ms 200</c>),
    /// so that the peak memory measured is the client's alone; null for an in-process server.
    /// </param>
    /// <param name="output">Where the progress and the summary go.</param>
    public static async Task RunAsync(TimeSpan duration, TimeSpan responseDelay, Uri? serverUrl, TextWriter output)
    {
        await using ReductTestServer? server = serverUrl is null
            ? await ReductTestServer.StartAsync(new ReductTestServerOptions { DiscardBodies = true })
            : null;
        server?.Faults.DelayResponses(responseDelay, int.MaxValue);
        using var client = new ReductClient(serverUrl ?? server!.Url);
        string bucketName = $"soak-{DateTime.UtcNow:HHmmss}";
        Bucket bucket = await client.CreateBucketAsync(bucketName);

        long failures = 0;
        long written = 0;
        var options = new IngestionWriterOptions
        {
            MaxBufferedBytes = 16L * 1024 * 1024,
            OnFailure = _ =>
            {
                Interlocked.Increment(ref failures);
                return ValueTask.CompletedTask;
            },
        };
        await using IngestionWriter writer = bucket.CreateWriter(options);
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        long startRss = PeakRssBytes();

        Task[] producers = [.. Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
        {
            EntryWriter entry = writer.OpenEntry($"sensor-{p}", "application/octet-stream", new Labels { ["producer"] = p });
            byte[] payload = new byte[100];
            ulong timestamp = (ulong)p << 40;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await entry.WriteAsync(timestamp++, payload, stop.Token);
                    Interlocked.Increment(ref written);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The run is over; a write waiting for room was simply not taken.
            }
        }))];

        long maxBuffered = 0;
        while (!Task.WhenAll(producers).IsCompleted)
        {
            await Task.WhenAny(Task.WhenAll(producers), Task.Delay(TimeSpan.FromSeconds(10)));
            maxBuffered = Math.Max(maxBuffered, writer.BufferedBytes);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{clock.Elapsed.TotalSeconds,6:F0} s  written {Interlocked.Read(ref written),10}  buffered {writer.BufferedBytes / 1048576.0,6:F1} MiB  peak RSS {PeakRssBytes() / 1048576.0,7:F1} MiB  failures {Interlocked.Read(ref failures)}"));
        }

        IReadOnlyList<FailedRecord> late = await writer.FlushAsync();
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Soak: {duration.TotalMinutes:F0} min, response delay {responseDelay.TotalMilliseconds:F0} ms, 8 producers of 100-byte records: "
            + $"{Interlocked.Read(ref written)} records ({Interlocked.Read(ref written) / clock.Elapsed.TotalSeconds:F0}/s), stored {(server is null ? "(external server)" : server.Storage.CountRecords(bucketName).ToString(CultureInfo.InvariantCulture))}, "
            + $"failures {Interlocked.Read(ref failures) + late.Count}, writer buffer at most {maxBuffered / 1048576.0:F1} MiB (limit 16), "
            + $"peak RSS {startRss / 1048576.0:F1} MiB at start, {PeakRssBytes() / 1048576.0:F1} MiB at the end."));
    }

    private static long PeakRssBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
