using System.Diagnostics;
using System.Globalization;
using Reduct.Client.Testing;

namespace Reduct.Client.Benchmarks;

/// <summary>
/// Records per second for 100-byte records to one entry through the writer and through <see cref="Batch"/>
/// (v1 on an API 1.17 server, v2 on an API 1.21 server), side by side in one run. The reference server runs in
/// the same process with bodies discarded, so both paths share the machine the same way.
/// </summary>
internal static class Throughput
{
    private const int PayloadSize = 100;
    private const ulong Start = 1_700_000_000_000_000UL;

    public static async Task RunAsync(int records, int rounds, TextWriter output)
    {
        var results = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (int round = 0; round < rounds; round++)
        {
            // Alternate the paths in every round so that warm-up and machine noise spread evenly.
            Add(results, "IngestionWriter (v2, API 1.21)", await MeasureAsync("1.21", records, WriteThroughWriterAsync));
            Add(results, "Batch (v1, API 1.17)", await MeasureAsync("1.17", records, WriteBatchesAsync));
            Add(results, "Batch (v2, API 1.21)", await MeasureAsync("1.21", records, WriteBatchesAsync));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Records per second, {records} records of {PayloadSize} bytes to one entry, best of {rounds} rounds"));
        output.WriteLine();
        output.WriteLine("| write path | records/s (best) | records/s (median) |");
        output.WriteLine("|---|---:|---:|");
        foreach ((string path, List<double> rates) in results)
        {
            rates.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {path} | {rates[^1]:F0} | {rates[rates.Count / 2]:F0} |"));
        }
    }

    private static void Add(Dictionary<string, List<double>> results, string path, double rate)
    {
        if (!results.TryGetValue(path, out List<double>? rates))
        {
            results[path] = rates = [];
        }

        rates.Add(rate);
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

    private static async Task<double> MeasureAsync(string apiVersion, int records, Func<Bucket, int, Task> write)
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = apiVersion, DiscardBodies = true });
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("throughput");
        await client.GetInfoAsync();
        var clock = Stopwatch.StartNew();
        await write(bucket, records);
        double rate = records / clock.Elapsed.TotalSeconds;
        Ensure(server.Storage.CountRecords("throughput") == records);
        return rate;
    }

    private static void Ensure(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("The benchmark's records were not all stored.");
        }
    }
}
