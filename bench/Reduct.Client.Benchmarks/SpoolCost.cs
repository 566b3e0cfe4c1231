using System.Diagnostics;
using System.Globalization;
using Reduct.Client.Testing;

namespace Reduct.Client.Benchmarks;

/// <summary>
/// The writer with a spool against the writer without one, side by side in one run: 100-byte records to one entry
/// and to 100 entries, from the first write until a flush has every record stored, against the reference server in
/// the process (bodies discarded). The spool syncs each segment to the disk (<see cref="SpoolDurability.SyncPerSegment"/>)
/// in a folder under the system's temporary directory. Also the bytes on the wire with zstd compression.
/// </summary>
internal static class SpoolCost
{
    private const int PayloadSize = 100;
    private const ulong Start = 1_700_000_000_000_000UL;

    public static async Task RunAsync(int records, int rounds, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{records} records of {PayloadSize} bytes; records/s, median of {rounds} rounds (paths alternate in each round)"));
        output.WriteLine();
        output.WriteLine("| entries | in memory | spool (sync per segment) | spool ÷ memory, time | allocated bytes/record, memory / spool | wire bytes/record, memory | with zstd |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int entries in new[] { 1, 100 })
        {
            var memory = new List<double>();
            var spooled = new List<double>();
            var ratios = new List<double>();
            var memoryAllocated = new List<double>();
            var spoolAllocated = new List<double>();
            (double plainWire, double zstdWire) = (0, 0);
            for (int round = 0; round < rounds; round++)
            {
                Measurement inMemory = await MeasureAsync(records, entries, spool: false, ReductCompression.None);
                Measurement spool = await MeasureAsync(records, entries, spool: true, ReductCompression.None);
                memory.Add(inMemory.Rate);
                spooled.Add(spool.Rate);
                ratios.Add(inMemory.Rate / spool.Rate);
                memoryAllocated.Add(inMemory.AllocatedBytesPerRecord);
                spoolAllocated.Add(spool.AllocatedBytesPerRecord);
                plainWire = inMemory.WireBytesPerRecord;
            }

            zstdWire = (await MeasureAsync(records, entries, spool: true, ReductCompression.Zstd)).WireBytesPerRecord;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {entries} | {Median(memory):F0} | {Median(spooled):F0} | {Median(ratios):F2}× | {Median(memoryAllocated):F0} / {Median(spoolAllocated):F0} | {plainWire:F1} | {zstdWire:F1} |"));
        }
    }

    /// <param name="AllocatedBytesPerRecord">Bytes allocated in the process (client and server) per record.</param>
    private readonly record struct Measurement(double Rate, double WireBytesPerRecord, double AllocatedBytesPerRecord);

    private static async Task<Measurement> MeasureAsync(int records, int entries, bool spool, ReductCompression compression)
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { DiscardBodies = true });
        using var client = new ReductClient(new ReductClientOptions { Url = server.Url, Compression = compression });
        Bucket bucket = await client.CreateBucketAsync("bench");
        string directory = Path.Combine(Path.GetTempPath(), "reduct-spool-bench-" + Guid.NewGuid().ToString("N"));
        var options = new IngestionWriterOptions
        {
            Spool = spool ? new SpoolOptions { Directory = directory, Durability = SpoolDurability.SyncPerSegment } : null,
        };
        try
        {
            server.Statistics.Reset();
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            await using (IngestionWriter writer = bucket.CreateWriter(options))
            {
                EntryWriter[] handles = [.. Enumerable.Range(0, entries).Select(e => writer.OpenEntry($"sensor-{e}", "application/octet-stream", new Labels { ["sensor"] = e }))];
                byte[] payload = new byte[PayloadSize];
                for (int i = 0; i < records; i++)
                {
                    // A reading: a sequence number and zeros, so that compression has something to take.
                    BitConverter.TryWriteBytes(payload, i);
                    await handles[i % entries].WriteAsync(Start + (ulong)i, payload);
                }

                if ((await writer.FlushAsync()).Count != 0)
                {
                    throw new InvalidOperationException("A record failed.");
                }
            }

            double seconds = clock.Elapsed.TotalSeconds;
            double allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)records;
            double wire = (server.Statistics.RequestHeadBytes + server.Statistics.WireBodyBytes) / (double)records;
            return new Measurement(records / seconds, wire, allocated);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
