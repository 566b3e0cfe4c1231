// Runs the main ingestion paths in a trimmed, self-contained build: a single write, a streamed write, a
// multi-entry batch and the background writer, through a client on an HttpClient with the client's own
// handler, each read back from the embedded reference server. Any trimming damage shows as an exception or a
// wrong value; exit code 1.
using System.Text;
using Reduct.Client;
using Reduct.Client.Testing;

try
{
    await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = "trim-token" });
    var options = new ReductClientOptions { Url = server.Url, ApiToken = "trim-token" };
    using var httpClient = new HttpClient(ReductClient.CreateHttpHandler(options)) { Timeout = Timeout.InfiniteTimeSpan };
    using var client = new ReductClient(httpClient, options);

    ServerInfo info = await client.GetInfoAsync();
    Bucket bucket = await client.CreateBucketAsync("trimmed", new BucketSettings { MaxBlockRecords = 256 });

    await bucket.WriteAsync("single", "one record", 1UL, new RecordWriteOptions { Labels = new Labels { ["ok"] = true } });
    using (var stream = new MemoryStream(Encoding.UTF8.GetBytes("streamed record")))
    {
        await bucket.WriteAsync("streamed", stream, timestamp: 1UL);
    }

    var batch = new RecordBatch();
    batch.Add("a", 1UL, "batched a");
    batch.Add("b", 1UL, "batched b");
    Expect((await bucket.WriteBatchAsync(batch)).Count == 0, "the batch was stored");

    await using (IngestionWriter writer = bucket.CreateWriter())
    {
        EntryWriter entry = writer.OpenEntry("writer", "text/plain");
        await entry.WriteAsync(1UL, "written in the background"u8.ToArray());
    }

    // Compressed bodies: the managed zstd codec and gzip must survive trimming too.
    string repeated = string.Concat(Enumerable.Repeat("compressible ", 100));
    foreach (ReductCompression codec in new[] { ReductCompression.Zstd, ReductCompression.Gzip })
    {
        var compressing = new ReductClientOptions { Url = server.Url, ApiToken = "trim-token", Compression = codec };
        using var compressingClient = new ReductClient(compressing);
        await compressingClient.GetBucket("trimmed").WriteAsync(codec.ToString(), repeated, 1UL);
        Expect(await ReadAsync(bucket, codec.ToString()) == repeated, $"the {codec} record reads back");
    }

    Expect(server.Statistics.EncodedRequestCount == 2, "both compressed writes went compressed");
    Expect(await ReadAsync(bucket, "single") == "one record", "the single record reads back");
    Expect(await ReadAsync(bucket, "streamed") == "streamed record", "the streamed record reads back");
    Expect(await ReadAsync(bucket, "b") == "batched b", "the batched record reads back");
    Expect(await ReadAsync(bucket, "writer") == "written in the background", "the writer's record reads back");
    Expect((await bucket.GetSettingsAsync()).MaxBlockRecords == 256, "bucket settings round-trip through JSON");
    Expect((await bucket.GetEntriesAsync()).All(e => e.LatestRecord == new ReductTimestamp(1UL)), "entry times read from JSON as timestamps");
    Console.WriteLine($"Trimmed app OK against the reference server (API {info.Version}): 7 records written and read back, 2 of them compressed.");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"Trimmed app FAILED: {ex}");
    return 1;
}

static async Task<string> ReadAsync(Bucket bucket, string entry) =>
    Encoding.UTF8.GetString(await bucket.ReadBytesAsync(entry, 1UL));

static void Expect(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException("Not true: " + what);
    }
}
