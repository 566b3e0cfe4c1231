using System.Diagnostics;
using System.Globalization;
using Reduct.Client.Testing;

namespace Reduct.Client.Benchmarks;

/// <summary>
/// Records per second for 100-byte records to one entry through the writer and through <see cref="Batch"/>
/// (v1 on an API 1.17 server, v2 on an API 1.21 server), side by side in one run. The reference server runs in
/// the same process with bodies discarded, so both paths share the machine the same way. Also the median time from
/// an answer to the next request, as the client's HTTP handler sees them: the server's idle time per request.
/// </summary>
internal static class Throughput
{
    private const int PayloadSize = 100;
    private const ulong Start = 1_700_000_000_000_000UL;

    public static async Task RunAsync(int records, int rounds, TextWriter output)
    {
        var results = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var gaps = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (int round = 0; round < rounds; round++)
        {
            // Alternate the paths in every round so that warm-up and machine noise spread evenly.
            Add(results, gaps, "IngestionWriter (v2, API 1.21)", await MeasureAsync("1.21", records, WriteThroughWriterAsync));
            Add(results, gaps, "Batch (v1, API 1.17)", await MeasureAsync("1.17", records, WriteBatchesAsync));
            Add(results, gaps, "Batch (v2, API 1.21)", await MeasureAsync("1.21", records, WriteBatchesAsync));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Records per second, {records} records of {PayloadSize} bytes to one entry, best of {rounds} rounds"));
        output.WriteLine();
        output.WriteLine("| write path | records/s (best) | records/s (median) | answer to next request, µs (median) |");
        output.WriteLine("|---|---:|---:|---:|");
        foreach ((string path, List<double> rates) in results)
        {
            rates.Sort();
            List<double> pathGaps = gaps[path];
            pathGaps.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {path} | {rates[^1]:F0} | {rates[rates.Count / 2]:F0} | {pathGaps[pathGaps.Count / 2]:F1} |"));
        }
    }

    private static void Add(Dictionary<string, List<double>> results, Dictionary<string, List<double>> gaps, string path, (double Rate, double Gap) run)
    {
        if (!results.TryGetValue(path, out List<double>? rates))
        {
            results[path] = rates = [];
            gaps[path] = [];
        }

        rates.Add(run.Rate);
        gaps[path].Add(run.Gap);
    }

    private static async Task WriteThroughWriterAsync(Bucket bucket, int count)
    {
        await using IngestionWriter writer = bucket.CreateWriter();
        EntryWriter entry = writer.OpenEntry("sensor-1", "application/octet-stream", new Labels { ["sensor"] = "s1" });
        byte[] payload = new byte[PayloadSize];
        for (int i = 0; i < count; i++)
        {
            await entry.WriteAsync(Start + (ulong)i, payload);
        }

        Ensure((await writer.FlushAsync()).Count == 0);
    }

    private static async Task WriteBatchesAsync(Bucket bucket, int count)
    {
        // How an application without the writer batches: fill a batch of 80, send it, repeat.
        var labels = new Labels { ["sensor"] = "s1" };
        byte[] payload = new byte[PayloadSize];
        var batch = new Batch();
        for (int i = 0; i < count; i++)
        {
            batch.Add(Start + (ulong)i, payload, "application/octet-stream", labels);
            if (batch.Count == 80 || i == count - 1)
            {
                Ensure((await bucket.WriteBatchAsync("sensor-1", batch)).Count == 0);
                batch.Clear();
            }
        }
    }

    private static async Task<(double Rate, double Gap)> MeasureAsync(string apiVersion, int records, Func<Bucket, int, Task> write)
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = apiVersion, DiscardBodies = true });
        var options = new ReductClientOptions { Url = server.Url };
        var timing = new RequestTiming(ReductClient.CreateHttpHandler(options));
        using var client = new ReductClient(new HttpClient(timing) { BaseAddress = server.Url, Timeout = Timeout.InfiniteTimeSpan }, options);
        Bucket bucket = await client.CreateBucketAsync("throughput");
        await client.GetInfoAsync();
        timing.Clear();
        var clock = Stopwatch.StartNew();
        await write(bucket, records);
        double rate = records / clock.Elapsed.TotalSeconds;
        Ensure(server.Storage.CountRecords("throughput") == records);
        return (rate, timing.MedianGapMicroseconds());
    }

    /// <summary>When each request entered the connection handler and when its answer came back.</summary>
    private sealed class RequestTiming(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly List<(long Sent, long Answered)> _requests = [];

        public void Clear()
        {
            lock (_requests)
            {
                _requests.Clear();
            }
        }

        /// <summary>The median time from one request's answer to the next request, one request in flight at a time.</summary>
        public double MedianGapMicroseconds()
        {
            lock (_requests)
            {
                var gaps = new List<double>(_requests.Count);
                for (int i = 1; i < _requests.Count; i++)
                {
                    gaps.Add(Stopwatch.GetElapsedTime(_requests[i - 1].Answered, _requests[i].Sent).TotalMicroseconds);
                }

                gaps.Sort();
                return gaps.Count == 0 ? 0 : gaps[gaps.Count / 2];
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            long sent = Stopwatch.GetTimestamp();
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            long answered = Stopwatch.GetTimestamp();
            lock (_requests)
            {
                _requests.Add((sent, answered));
            }

            return response;
        }
    }

    private static void Ensure(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("The benchmark's records were not all stored.");
        }
    }
}
