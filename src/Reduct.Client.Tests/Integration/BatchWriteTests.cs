using System.Text;
using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

public class BatchWriteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task The_seed_batch_is_stored_and_a_duplicate_comes_back_in_the_error_map()
    {
        Bucket bucket = await fixture.NewBucketAsync("batch");
        var batch = new Batch();
        batch.Add("2024-02-02T10:00:00", "Rec 1");
        batch.Add("2024-02-02T10:00:01", "Rec 2", "text/plain", new Labels { ["n"] = 2 });
        batch.Add("2024-02-02T10:00:02", "Rec 3");

        IReadOnlyDictionary<ReductTimestamp, ReductException> errors = await bucket.WriteBatchAsync("entry-2", batch);
        Assert.Empty(errors);

        var again = new Batch();
        again.Add("2024-02-02T10:00:01", "Rec 2 again");
        again.Add("2024-02-02T10:00:03", "Rec 4");
        errors = await bucket.WriteBatchAsync("entry-2", again);

        ReductTimestamp duplicate = "2024-02-02T10:00:01";
        KeyValuePair<ReductTimestamp, ReductException> error = Assert.Single(errors);
        Assert.Equal(duplicate, error.Key);
        Assert.Equal(409, error.Value.Status);
        Assert.Equal($"A record with timestamp {duplicate.Microseconds} already exists", error.Value.ServerMessage);

        Assert.Equal("Rec 2", Encoding.UTF8.GetString(await bucket.ReadBytesAsync("entry-2", duplicate)));
        Assert.Equal("Rec 4", Encoding.UTF8.GetString(await bucket.ReadBytesAsync("entry-2", "2024-02-02T10:00:03")));
        await using ReductRecord second = await bucket.ReadAsync("entry-2", duplicate);
        Assert.Equal("text/plain", second.ContentType);
        Assert.Equal("2", second.Labels["n"]);
    }

    [Fact]
    public async Task A_record_batch_round_trips_every_record_with_label_changes_and_interleaved_entries()
    {
        Bucket bucket = await fixture.NewBucketAsync("multi");
        var batch = new RecordBatch();
        batch.Add("cam/front", 300UL, "JPG3"u8, "image/jpeg", new Labels { ["scene"] = "a", ["q"] = 80 });
        batch.Add("imu", 110UL, "ax=1.0"u8, "text/plain", new Labels { ["scene"] = "a,b" });
        batch.Add("cam/front", 100UL, "JPG1"u8, "image/jpeg", new Labels { ["scene"] = "a", ["q"] = 90 });
        batch.Add("cam/front", 200UL, "JPG2"u8, "image/jpeg", new Labels { ["scene"] = "a", ["q"] = 90 });
        batch.Add("imu", 120UL, ReadOnlySpan<byte>.Empty);
        batch.Add("cam/front", 400UL, "JPG4"u8);

        IReadOnlyDictionary<RecordKey, ReductException> errors = await bucket.WriteBatchAsync(batch);
        Assert.Empty(errors);

        await AssertRecordAsync(bucket, "cam/front", 100, "JPG1", "image/jpeg", ("scene", "a"), ("q", "90"));
        await AssertRecordAsync(bucket, "cam/front", 200, "JPG2", "image/jpeg", ("scene", "a"), ("q", "90"));
        await AssertRecordAsync(bucket, "cam/front", 300, "JPG3", "image/jpeg", ("scene", "a"), ("q", "80"));
        await AssertRecordAsync(bucket, "cam/front", 400, "JPG4", "application/octet-stream");
        await AssertRecordAsync(bucket, "imu", 110, "ax=1.0", "text/plain", ("scene", "a,b"));
        await AssertRecordAsync(bucket, "imu", 120, string.Empty, "application/octet-stream");
    }

    [Fact]
    public async Task A_thousand_records_are_split_into_requests_the_server_accepts()
    {
        Bucket bucket = await fixture.NewBucketAsync("thousand");
        var batch = new Batch();
        for (int i = 0; i < 1000; i++)
        {
            batch.Add((ulong)(i + 1), Encoding.ASCII.GetBytes($"record-{i}"), labels: new Labels { ["i"] = i });
        }

        long requestsBefore = fixture.Server.Statistics.RequestCount;
        IReadOnlyDictionary<ReductTimestamp, ReductException> errors = await bucket.WriteBatchAsync("many", batch);

        Assert.Empty(errors);
        Assert.Equal(1000, fixture.Server.Storage.GetRecords(bucket.Name, "many").Count);
        Assert.InRange(fixture.Server.Statistics.RequestCount - requestsBefore, 13, 14);
        Assert.Equal("record-999", Encoding.ASCII.GetString(await bucket.ReadBytesAsync("many", 1000UL)));
    }

    [Fact]
    public async Task A_record_over_the_body_limit_is_sent_on_its_own()
    {
        using var client = new ReductClient(new ReductClientOptions { Url = fixture.Server.Url, ApiToken = ServerFixture.FullToken, BatchMaxBodySize = 10_000 });
        Bucket bucket = await client.CreateBucketAsync(fixture.NewBucketName("big"));
        var batch = new Batch();
        batch.Add(1UL, new byte[100]);
        batch.Add(2UL, WriteAndReadTests.RandomBytes(50_000));
        batch.Add(3UL, new byte[100]);

        long requestsBefore = fixture.Server.Statistics.RequestCount;
        Assert.Empty(await bucket.WriteBatchAsync("e", batch));

        Assert.Equal(3, fixture.Server.Statistics.RequestCount - requestsBefore);
        Assert.Equal(WriteAndReadTests.RandomBytes(50_000), await bucket.ReadBytesAsync("e", 2UL));
    }

    [Fact]
    public async Task A_batch_whose_first_request_is_refused_throws_as_a_single_write_does()
    {
        Bucket bucket = await fixture.NewBucketAsync("denied");
        using ReductClient reader = fixture.ClientWithToken(ServerFixture.ReadToken);
        var batch = new RecordBatch();
        batch.Add("a", 1UL, "x");
        batch.Add("b", 2UL, "y");

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => reader.GetBucket(bucket.Name).WriteBatchAsync(batch));

        Assert.Equal(403, error.Status);
        Assert.Equal($"Token 'reader' doesn't have write access to bucket '{bucket.Name}'", error.ServerMessage);
        Assert.False(error.IsOutcomeUnknown);
        Assert.Equal(0, fixture.Server.Storage.CountRecords(bucket.Name));
    }

    [Fact]
    public async Task A_missing_bucket_is_reported_per_record_on_new_servers()
    {
        Bucket missing = fixture.Client.GetBucket(fixture.NewBucketName("nobucket"));
        var batch = new RecordBatch();
        batch.Add("a", 1UL, "x");
        batch.Add("b", 2UL, "y");

        IReadOnlyDictionary<RecordKey, ReductException> errors = await missing.WriteBatchAsync(batch);

        Assert.Equal(2, errors.Count);
        Assert.All(errors.Values, e => Assert.Equal(404, e.Status));
        Assert.All(errors.Values, e => Assert.Equal($"Bucket '{missing.Name}' is not found", e.ServerMessage));
    }

    [Theory]
    [InlineData("1.17")]
    [InlineData("1.18")]
    public async Task A_missing_bucket_throws_on_older_servers(string apiVersion)
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = apiVersion });
        using var client = new ReductClient(server.Url);
        var batch = new RecordBatch();
        batch.Add("a", 1UL, "x");
        batch.Add("b", 2UL, "y");

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetBucket("nothing").WriteBatchAsync(batch));

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task A_431_splits_the_request_until_it_fits()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { MaxRequestHeadSize = 16 * 1024 });
        using var client = new ReductClient(new ReductClientOptions { Url = server.Url, BatchMaxHeaderSize = 400_000 });
        Bucket bucket = await client.CreateBucketAsync("split");
        var batch = new Batch();
        for (ulong i = 0; i < 80; i++)
        {
            // About 600 bytes of labels per record: 48 KB in one request, three times the server's head limit.
            batch.Add(i, "x"u8, labels: new Labels { ["note"] = new string((char)('a' + (int)(i % 26)), 600) });
        }

        IReadOnlyDictionary<ReductTimestamp, ReductException> errors = await bucket.WriteBatchAsync("e", batch);

        Assert.Empty(errors);
        Assert.Equal(80, server.Storage.GetRecords("split", "e").Count);
        Assert.Equal(new string('c', 600), server.Storage.FindRecord("split", "e", 2)!.Labels["note"]);
    }

    [Theory]
    [InlineData("1.17")]
    [InlineData("1.21")]
    public async Task Every_record_header_of_a_long_request_reaches_the_server(string apiVersion)
    {
        // A long request carries half of its record headers in the body's header collection: each record must
        // still arrive with its own length, content type and labels, on both protocol versions.
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = apiVersion });
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("long");
        var batch = new RecordBatch();
        for (int i = 0; i < 70; i++)
        {
            string contentType = i % 7 == 0 ? "text/plain" : "application/json";
            batch.Add($"entry-{i % 2}", (ulong)(1_000 + i), Encoding.ASCII.GetBytes(new string('x', i)), contentType, new Labels { ["group"] = i / 5 });
        }

        Assert.Empty(await bucket.WriteBatchAsync(batch));

        for (int i = 0; i < 70; i++)
        {
            StoredRecord stored = server.Storage.FindRecord("long", $"entry-{i % 2}", (ulong)(1_000 + i))!;
            Assert.Equal(i, stored.Length);
            Assert.Equal(i % 7 == 0 ? "text/plain" : "application/json", stored.ContentType);
            Assert.Equal((i / 5).ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(stored.Labels).Value);
        }
    }

    [Theory]
    [InlineData("1.17")]
    [InlineData("1.21")]
    public async Task A_hundred_thousand_small_records_across_a_hundred_entries_are_all_stored_or_reported(string apiVersion)
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = apiVersion, DiscardBodies = true });
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("bulk");

        // A few records exist already, so the batch has real per-record failures to report.
        for (int entry = 0; entry < 100; entry += 10)
        {
            await bucket.WriteAsync($"sensor-{entry}", new byte[16], 1_000UL);
        }

        var batch = new RecordBatch();
        var labels = new Labels { ["site"] = "north", ["unit"] = "c" };
        for (int i = 0; i < 100_000; i++)
        {
            batch.Add($"sensor-{i % 100}", (ulong)(1_000 + (i / 100)), new byte[16], "application/octet-stream", labels);
        }

        IReadOnlyDictionary<RecordKey, ReductException> errors = await bucket.WriteBatchAsync(batch);

        Assert.Equal(10, errors.Count);
        Assert.All(errors, e => Assert.Equal(409, e.Value.Status));
        Assert.All(errors.Keys, k => Assert.Equal(1_000UL, k.Timestamp.Microseconds));
        Assert.Equal(100_000 - 10 + 10, server.Storage.CountRecords("bulk"));
        StoredRecord sample = server.Storage.FindRecord("bulk", "sensor-42", 1_999)!;
        Assert.Equal("north", sample.Labels["site"]);
        Assert.Equal(16, sample.Length);
    }

    [Fact]
    public async Task V2_costs_fewer_request_head_bytes_per_record_than_v1()
    {
        async Task<double> HeadBytesPerRecordAsync(string apiVersion)
        {
            await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = apiVersion });
            using var client = new ReductClient(server.Url);
            Bucket bucket = await client.CreateBucketAsync("cost");
            var batch = new Batch();
            var labels = new Labels { ["sensor"] = "temp-01", ["unit"] = "celsius" };
            for (ulong i = 0; i < 8000; i++)
            {
                batch.Add(1_700_000_000_000_000UL + (i * 1000), new byte[16], labels: labels);
            }

            server.Statistics.Reset();
            Assert.Empty(await bucket.WriteBatchAsync("sensor-1", batch));
            return server.Statistics.RequestHeadBytes / 8000.0;
        }

        double v1 = await HeadBytesPerRecordAsync("1.17");
        double v2 = await HeadBytesPerRecordAsync("1.21");

        Assert.InRange(v1, 60, 80);
        Assert.InRange(v2, 15, 26);
    }

    private static async Task AssertRecordAsync(Bucket bucket, string entry, ulong timestamp, string body, string contentType, params (string Name, string Value)[] labels)
    {
        await using ReductRecord record = await bucket.ReadAsync(entry, timestamp);
        Assert.Equal(body, Encoding.ASCII.GetString(await record.ReadAllBytesAsync()));
        Assert.Equal(contentType, record.ContentType);
        Assert.Equal(labels.ToDictionary(l => l.Name, l => l.Value), record.Labels);
    }
}
