using System.Text;

namespace Reduct.Client.Samples;

/// <summary>The QuickStart's steps: each ingestion case writes a record and reads it back.</summary>
public static class QuickStartFlow
{
    /// <summary>The bucket the QuickStart writes to (created when missing).</summary>
    public const string BucketName = "my-bucket";

    /// <summary>Runs every step against the client's server, writing what happens to <paramref name="output"/>.</summary>
    /// <exception cref="InvalidOperationException">A step did not get back what it wrote.</exception>
    /// <exception cref="ReductException">The server refused a request.</exception>
    public static async Task RunAsync(ReductClient client, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(output);
        Bucket bucket = await client.CreateBucketAsync(BucketName, existOk: true);

        // Unique timestamps per run, so the sample can run again against the same server.
        ReductTimestamp start = ReductTimestamp.Now;

        // 1. A simple write: a whole record from bytes.
        ReductTimestamp simpleAt = start;
        await bucket.WriteAsync("entry-1", "Hey!!"u8.ToArray(), simpleAt);
        await using (ReductRecord record = await bucket.ReadAsync("entry-1", simpleAt))
        {
            output.WriteLine($"1. simple write:    entry-1 @ {record.Timestamp:O} -> \"{Encoding.UTF8.GetString(await record.ReadAllBytesAsync())}\" ({record.ContentType})");
        }

        // 2. A streamed write: the record comes from chunks, its total length is given up front.
        ReductTimestamp streamedAt = new(start.Microseconds + 1);
        await bucket.WriteAsync("entry-1", Chunks(), contentLength: 11, streamedAt);
        await using (ReductRecord record = await bucket.ReadAsync("entry-1", streamedAt))
        {
            output.WriteLine($"2. streamed write:  entry-1 @ {record.Timestamp:O} -> \"{Encoding.UTF8.GetString(await record.ReadAllBytesAsync())}\" ({record.Length} bytes)");
        }

        // 2b. A large streamed record with progress: 32 MiB sent chunk by chunk, never held whole.
        const long LargeSize = 32L * 1024 * 1024;
        ReductTimestamp largeAt = new(start.Microseconds + 5);
        await bucket.WriteAsync("entry-3", LargeChunks(LargeSize), LargeSize, largeAt, new RecordWriteOptions
        {
            Progress = new QuarterProgress(output, "   large stream:    ", LargeSize),
        });

        // 3. Labels and a content type.
        ReductTimestamp labelledAt = new(start.Microseconds + 2);
        await bucket.WriteAsync("entry-1", "<Binary data>"u8.ToArray(), labelledAt, new RecordWriteOptions
        {
            ContentType = "image/png",
            Labels = new Labels { ["score"] = 0.9, ["camera"] = "front" },
        });
        await using (ReductRecord record = await bucket.ReadAsync("entry-1", labelledAt))
        {
            string labels = string.Join(", ", record.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
            output.WriteLine($"3. labelled write:  entry-1 @ {record.Timestamp:O} -> \"{Encoding.UTF8.GetString(await record.ReadAllBytesAsync())}\" ({record.ContentType}; {labels})");
        }

        // 4. A batch of small records to one entry in one request; per-record failures come back as a map.
        //    The seed's timestamps are fixed: on a server that ran the QuickStart before, all three come back as 409s, and the line says why.
        var batch = new Batch();
        batch.Add("2024-02-02T10:00:00", "Rec 1");
        batch.Add("2024-02-02T10:00:01", "Rec 2");
        batch.Add("2024-02-02T10:00:02", "Rec 3");
        IReadOnlyDictionary<ReductTimestamp, ReductException> errors = await bucket.WriteBatchAsync("entry-2", batch);
        bool storedBefore = errors.Count == batch.Count && errors.Values.All(error => error.Status == 409);
        output.WriteLine($"4. batch write:     entry-2, {batch.Count} records, {errors.Count} failed"
            + (storedBefore ? " (409 already exists: an earlier run stored them)" : ""));

        // A second batch: one timestamp the entry already has, and one new record. Only the first comes back in the map.
        ReductTimestamp storedAt = "2024-02-02T10:00:01";
        ReductTimestamp newAt = new(start.Microseconds + 3);
        var mixed = new Batch();
        mixed.Add(storedAt, "Rec 2 again");
        mixed.Add(newAt, "Rec 4");
        output.WriteLine($"   second batch:    \"Rec 2 again\" @ {storedAt:O} (taken) and \"Rec 4\" @ {newAt:O} (new): only the first is refused");
        errors = await bucket.WriteBatchAsync("entry-2", mixed);
        foreach ((ReductTimestamp timestamp, ReductException error) in errors)
        {
            output.WriteLine($"   error map:       {timestamp:O} -> {error.Status} {error.ServerMessage}");
        }

        if (errors.Count != 1 || !errors.TryGetValue(storedAt, out ReductException? refused) || refused.Status != 409)
        {
            throw new InvalidOperationException("The taken timestamp, and only it, should have been reported as a 409 in the error map.");
        }

        output.WriteLine($"   read back:       \"{Encoding.UTF8.GetString(await bucket.ReadBytesAsync("entry-2", storedAt))}\" (the first write is kept), "
            + $"\"{Encoding.UTF8.GetString(await bucket.ReadBytesAsync("entry-2", newAt))}\" (stored)");

        // 5. A record batch: many entries, content types and labels in one request (batch protocol v2 on servers 1.18+).
        //    Entry names with '/' (hierarchical entries) need API 1.19: an older server gets flat names instead.
        //    The client knows the server's API version from the responses so far.
        bool hierarchical = client.ServerApiVersion is not { } api || api >= new Version(1, 19);
        string temperature = hierarchical ? "sensors/temperature" : "sensors-temperature";
        string humidity = hierarchical ? "sensors/humidity" : "sensors-humidity";
        if (!hierarchical)
        {
            output.WriteLine($"5. (the server speaks API {client.ServerApiVersion}: entry names with '/' need 1.19, so the record batch uses {temperature} and {humidity})");
        }

        var recordBatch = new RecordBatch();
        for (int i = 0; i < 3; i++)
        {
            ReductTimestamp at = new(start.Microseconds + 10 + (ulong)i);
            recordBatch.Add(temperature, at, FormattableString.Invariant($"{20.5 + i}"), "text/plain", new Labels { ["unit"] = "celsius" });
            recordBatch.Add(humidity, at, $"{40 + i}", "text/plain", new Labels { ["unit"] = "percent" });
        }

        IReadOnlyDictionary<RecordKey, ReductException> recordErrors = await bucket.WriteBatchAsync(recordBatch);
        await using (ReductRecord record = await bucket.ReadAsync(humidity, new ReductTimestamp(start.Microseconds + 12)))
        {
            output.WriteLine($"5. record batch:    {recordBatch.Count} records in {recordBatch.Entries.Count} entries, {recordErrors.Count} failed; "
                + $"{humidity} -> \"{Encoding.UTF8.GetString(await record.ReadAllBytesAsync())}\" (unit={record.Labels["unit"]})");
        }

        if (recordErrors.Count != 0)
        {
            throw new InvalidOperationException($"The record batch had {recordErrors.Count} failures: {recordErrors.First().Value.Message}");
        }

        // 6. Reading back with a query: every sensor entry (a pattern), from this run's start, records whose label
        //    unit is celsius. Each body is streamed from the server's batch as the loop reaches it.
        string sensors = hierarchical ? "sensors/*" : "sensors-*";
        var celsius = new List<string>();
        await foreach (ReductRecord record in bucket.QueryAsync([sensors], start, options: new QueryOptions { When = Condition.Label("unit").Equal("celsius") }))
        {
            celsius.Add($"{Encoding.UTF8.GetString(await record.ReadAllBytesAsync())} @ {record.Timestamp:O}");
        }

        output.WriteLine($"6. query:           {sensors} where unit = celsius -> {celsius.Count} records: {string.Join(", ", celsius)}");
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> LargeChunks(long total)
    {
        byte[] chunk = new byte[1024 * 1024];
        for (long sent = 0; sent < total; sent += chunk.Length)
        {
            await Task.Yield(); // a real source would await a file, a camera or the network here
            yield return chunk.AsMemory(0, (int)Math.Min(chunk.Length, total - sent));
        }
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks()
    {
        yield return "Part1"u8.ToArray();
        await Task.Yield();
        yield return "Part2!"u8.ToArray();
    }

    /// <summary>
    /// Prints a line "NN% (sent of total bytes)" each time another quarter of the body is sent: separate lines, which
    /// read the same in a terminal and in a log file. Reports arrive on the sending thread in order (unlike
    /// <see cref="Progress{T}"/>, which posts them to the thread pool).
    /// </summary>
    private sealed class QuarterProgress(TextWriter output, string label, long total) : IProgress<long>
    {
        private long _quartersShown;

        public void Report(long value)
        {
            long quarters = total == 0 ? 4 : value * 4 / total;
            if (quarters > _quartersShown)
            {
                _quartersShown = quarters;
                output.WriteLine($"{label}{quarters * 25,3}% ({value:N0} of {total:N0} bytes)");
            }
        }
    }
}
