using System.Globalization;
using Reduct.Client.Testing;

namespace Reduct.Client.Benchmarks;

/// <summary>Measures request-head bytes per record for each write path on the reference server.</summary>
internal static class WireCost
{
    private const int PayloadSize = 16;
    private const ulong Start = 1_700_000_000_000_000UL;

    public static async Task RunAsync(int records, TextWriter output)
    {
        var labels = new Labels { ["sensor"] = "temp-01", ["unit"] = "celsius" };
        var rows = new List<(string Path, double HeadBytes, long Requests)>
        {
            await MeasureAsync("single writes (WriteAsync)", "1.21", Math.Min(records, 2000), async (bucket, count) =>
            {
                var options = new RecordWriteOptions { ContentType = "application/octet-stream", Labels = labels };
                byte[] payload = new byte[PayloadSize];
                for (int i = 0; i < count; i++)
                {
                    await bucket.WriteAsync("sensor-1", payload, Start + ((ulong)i * 1000), options);
                }
            }),
            await MeasureAsync("v1 Batch (server API 1.17)", "1.17", records, (bucket, count) => WriteBatchAsync(bucket, count, labels)),
            await MeasureAsync("v2 Batch (server API 1.21)", "1.21", records, (bucket, count) => WriteBatchAsync(bucket, count, labels)),
            await MeasureAsync("IngestionWriter (server API 1.21)", "1.21", records, (bucket, count) => WriteThroughWriterAsync(bucket, count, labels, 1000)),
            await MeasureAsync("IngestionWriter, records 100 µs apart", "1.21", records, (bucket, count) => WriteThroughWriterAsync(bucket, count, labels, 100)),
            await MeasureAsync("IngestionWriter (server API 1.17, v1)", "1.17", records, (bucket, count) => WriteThroughWriterAsync(bucket, count, labels, 1000)),
            await MeasureAsync("v2 RecordBatch, 10 entries", "1.21", records, async (bucket, count) =>
            {
                var batch = new RecordBatch();
                for (int i = 0; i < count; i++)
                {
                    batch.Add($"sensor-{i % 10}", Start + ((ulong)i * 1000), new byte[PayloadSize], "application/octet-stream", labels);
                }

                Ensure((await bucket.WriteBatchAsync(batch)).Count == 0);
            }),
        };

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Request-head bytes per record: {PayloadSize}-byte records, fixed content type, two fixed labels"));
        output.WriteLine();
        output.WriteLine("| write path | records | requests | head bytes per record |");
        output.WriteLine("|---|---:|---:|---:|");
        foreach ((string path, double headBytes, long requests) in rows)
        {
            int count = path.StartsWith("single", StringComparison.Ordinal) ? Math.Min(records, 2000) : records;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {path} | {count} | {requests} | {headBytes:F1} |"));
        }
    }

    private static async Task WriteThroughWriterAsync(Bucket bucket, int count, Labels labels, ulong spacingMicroseconds)
    {
        await using IngestionWriter writer = bucket.CreateWriter(new IngestionWriterOptions { FlushInterval = TimeSpan.FromHours(1) });
        EntryWriter entry = writer.OpenEntry("sensor-1", "application/octet-stream", labels);
        byte[] payload = new byte[PayloadSize];
        for (int i = 0; i < count; i++)
        {
            await entry.WriteAsync(Start + ((ulong)i * spacingMicroseconds), payload);
        }

        Ensure((await writer.FlushAsync()).Count == 0);
    }

    private static async Task WriteBatchAsync(Bucket bucket, int count, Labels labels)
    {
        var batch = new Batch();
        for (int i = 0; i < count; i++)
        {
            batch.Add(Start + ((ulong)i * 1000), new byte[PayloadSize], "application/octet-stream", labels);
        }

        Ensure((await bucket.WriteBatchAsync("sensor-1", batch)).Count == 0);
    }

    private static async Task<(string, double, long)> MeasureAsync(string path, string apiVersion, int records, Func<Bucket, int, Task> write)
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = apiVersion, DiscardBodies = true });
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("wire-cost");
        await client.GetInfoAsync();
        server.Statistics.Reset();
        await write(bucket, records);
        Ensure(server.Storage.CountRecords("wire-cost") == records);
        return (path, server.Statistics.RequestHeadBytes / (double)records, server.Statistics.RequestCount);
    }

    private static void Ensure(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("The benchmark's records were not all stored.");
        }
    }
}
