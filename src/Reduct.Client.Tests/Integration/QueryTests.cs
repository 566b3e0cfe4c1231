using System.Text;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>Reading back: latest and metadata-only reads, and queries over one entry and many, against the reference server.</summary>
public sealed class QueryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const ulong Base = 1_700_000_000_000_000;

    [Fact]
    public async Task A_range_query_returns_the_records_in_order_with_bodies_content_types_and_labels()
    {
        Bucket bucket = await fixture.NewBucketAsync("range");
        var batch = new Batch();
        for (ulong i = 0; i < 10; i++)
        {
            batch.Add(Base + i, $"body-{i}", i % 2 == 0 ? "text/plain" : "application/json", new Labels { ["n"] = (long)i, ["pos"] = "1,2" });
        }

        Assert.Empty(await bucket.WriteBatchAsync("e", batch));

        List<(ulong Time, string Body, string Type, string N, string Pos)> read = [];
        await foreach (ReductRecord record in bucket.QueryAsync("e", Base + 2, Base + 7))
        {
            await using (record)
            {
                read.Add((record.Timestamp.Microseconds, Encoding.UTF8.GetString(await record.ReadAllBytesAsync()), record.ContentType,
                    record.Labels["n"], record.Labels["pos"]));
            }
        }

        Assert.Equal([Base + 2, Base + 3, Base + 4, Base + 5, Base + 6], read.Select(r => r.Time));
        Assert.Equal(["body-2", "body-3", "body-4", "body-5", "body-6"], read.Select(r => r.Body));
        Assert.Equal("text/plain", read[0].Type);
        Assert.Equal("application/json", read[1].Type);
        Assert.All(read, r => Assert.Equal("1,2", r.Pos));
        Assert.Equal("2", read[0].N);
    }

    [Fact]
    public async Task An_open_bound_past_the_data_is_an_empty_result_not_an_error()
    {
        Bucket bucket = await WriteNumberedAsync("open", 5);

        Assert.Empty(await ReadTimesAsync(bucket.QueryAsync("e", start: Base + 100)));
        Assert.Empty(await ReadTimesAsync(bucket.QueryAsync("e", stop: Base)));
        Assert.Equal(5, (await ReadTimesAsync(bucket.QueryAsync("e"))).Count);
    }

    [Fact]
    public async Task A_built_condition_filters_on_typed_labels_and_limits()
    {
        Bucket bucket = await WriteNumberedAsync("built", 20);

        List<ulong> times = await ReadTimesAsync(bucket.QueryAsync("e", options: new QueryOptions
        {
            When = Condition.Label("n").GreaterThanOrEqual(5) & Condition.Label("n").NotIn(7, 8) & Condition.Limit(4),
        }));

        Assert.Equal([Base + 5, Base + 6, Base + 9, Base + 10], times);
    }

    [Fact]
    public async Task The_conditions_key_order_is_kept_because_the_server_evaluates_in_order()
    {
        Bucket bucket = await WriteNumberedAsync("order", 5, start: 1);

        List<ulong> neFirst = await ReadTimesAsync(bucket.QueryAsync("e", options: new QueryOptions { When = Condition.FromJson("""{"&n":{"$ne":1},"$limit":2}""") }));
        List<ulong> limitFirst = await ReadTimesAsync(bucket.QueryAsync("e", options: new QueryOptions { When = Condition.FromJson("""{"$limit":2,"&n":{"$ne":1}}""") }));

        Assert.Equal([Base + 2, Base + 3], neFirst);
        Assert.Equal([Base + 2], limitFirst);
    }

    [Fact]
    public async Task Labels_are_typed_on_the_server_so_a_number_never_equals_its_text()
    {
        Bucket bucket = await WriteNumberedAsync("typed", 3);

        Assert.Equal([Base + 1], await ReadTimesAsync(bucket.QueryAsync("e", options: new QueryOptions { When = Condition.Label("n").Equal(1) })));
        Assert.Empty(await ReadTimesAsync(bucket.QueryAsync("e", options: new QueryOptions { When = Condition.Label("n").Equal("1") })));
        Assert.Equal([Base, Base + 2], await ReadTimesAsync(bucket.QueryAsync("e", options: new QueryOptions { When = Condition.Label("n").NotEqual(1) })));
    }

    [Fact]
    public async Task A_strict_query_fails_on_a_missing_label_and_a_lenient_one_skips_the_record()
    {
        Bucket bucket = await fixture.NewBucketAsync("strict");
        var batch = new Batch();
        batch.Add(Base, "a", labels: new Labels { ["n"] = 1 });
        batch.Add(Base + 1, "b");
        Assert.Empty(await bucket.WriteBatchAsync("e", batch));
        Condition when = Condition.Label("n").Equal(1);

        Assert.Equal([Base], await ReadTimesAsync(bucket.QueryAsync("e", options: new QueryOptions { When = when })));
        ReductException error = await Assert.ThrowsAsync<ReductException>(() =>
            ReadTimesAsync(bucket.QueryAsync("e", options: new QueryOptions { When = when, Strict = true })));
        Assert.Equal(404, error.Status);
        Assert.Equal("Reference 'n' not found", error.ServerMessage);
    }

    [Fact]
    public async Task A_metadata_only_query_reads_no_bodies()
    {
        Bucket bucket = await WriteNumberedAsync("meta", 3);
        fixture.Server.Statistics.Reset();

        var records = new List<ReductRecord>();
        await foreach (ReductRecord record in bucket.QueryAsync("e", options: new QueryOptions { MetadataOnly = true }))
        {
            records.Add(record);
        }

        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.True(r.IsMetadataOnly));
        Assert.All(records, r => Assert.Equal(6, r.Length));
        await Assert.ThrowsAsync<InvalidOperationException>(() => records[0].ReadAllBytesAsync());
    }

    [Fact]
    public async Task Records_left_unread_are_skipped_and_the_next_body_is_right()
    {
        Bucket bucket = await WriteNumberedAsync("skip", 12);

        var bodies = new List<string>();
        int index = 0;
        await foreach (ReductRecord record in bucket.QueryAsync("e"))
        {
            if (index++ % 3 == 0)
            {
                bodies.Add(Encoding.UTF8.GetString(await record.ReadAllBytesAsync()));
            }
            else if (index % 3 == 2)
            {
                // Half read: the query moves past the rest.
                Assert.Equal((byte)'b', (byte)record.Content.ReadByte());
            }
        }

        Assert.Equal(12, index);
        Assert.Equal(["body-0", "body-3", "body-6", "body-9"], bodies);
    }

    [Fact]
    public async Task Stopping_a_query_early_releases_its_connection()
    {
        Bucket bucket = await WriteNumberedAsync("early", 200);

        await foreach (ReductRecord record in bucket.QueryAsync("e"))
        {
            Assert.Equal(Base, record.Timestamp.Microseconds);
            break;
        }

        await fixture.Server.Statistics.WaitForIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, fixture.Server.Statistics.ActiveRequests);
    }

    [Fact]
    public async Task A_query_over_many_batches_returns_every_record_once()
    {
        Bucket bucket = await WriteNumberedAsync("many", 500);

        List<ulong> times = await ReadTimesAsync(bucket.QueryAsync("e"));

        Assert.Equal(Enumerable.Range(0, 500).Select(i => Base + (ulong)i), times);
    }

    [Fact]
    public async Task Several_entries_and_patterns_go_in_one_query_and_stateful_operators_count_per_entry()
    {
        Bucket bucket = await fixture.NewBucketAsync("multi");
        var records = new RecordBatch();
        foreach (string entry in new[] { "cam/front", "cam/back", "imu", "other" })
        {
            for (ulong i = 0; i < 5; i++)
            {
                records.Add(entry, Base + i, $"{entry}-{i}");
            }
        }

        Assert.Empty(await bucket.WriteBatchAsync(records));
        fixture.Server.Statistics.Reset();

        var read = new List<(string Entry, ulong Time, string Body)>();
        await foreach (ReductRecord record in bucket.QueryAsync(["cam/*", "imu"], options: new QueryOptions { When = Condition.Limit(2) }))
        {
            read.Add((record.Entry, record.Timestamp.Microseconds, Encoding.UTF8.GetString(await record.ReadAllBytesAsync())));
        }

        Assert.Equal(6, read.Count);
        Assert.Equal(["cam/back", "cam/front", "imu"], read.Select(r => r.Entry).Distinct().Order());
        Assert.All(read, r => Assert.Equal($"{r.Entry}-{r.Time - Base}", r.Body));
        Assert.All(read.GroupBy(r => r.Entry), g => Assert.Equal([Base, Base + 1], g.Select(r => r.Time).Order()));
    }

    [Fact]
    public async Task On_a_server_before_1_18_a_query_over_many_entries_is_one_v1_query_per_entry()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "1.17" });
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("old");
        var records = new RecordBatch();
        foreach (string entry in new[] { "cam-a", "cam-b", "imu" })
        {
            records.Add(entry, Base, entry);
            records.Add(entry, Base + 1, entry);
        }

        Assert.Empty(await bucket.WriteBatchAsync(records));

        var read = new List<string>();
        await foreach (ReductRecord record in bucket.QueryAsync(["cam*", "nosuch"]))
        {
            read.Add($"{record.Entry}@{record.Timestamp.Microseconds - Base}");
        }

        Assert.Equal(["cam-a@0", "cam-a@1", "cam-b@0", "cam-b@1"], read);
    }

    [Fact]
    public async Task A_continuous_query_delivers_records_written_after_it_started()
    {
        Bucket bucket = await WriteNumberedAsync("continuous", 2);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<ulong>();
        Task reading = Task.Run(async () =>
        {
            var options = new QueryOptions { Continuous = true, PollInterval = TimeSpan.FromMilliseconds(100), Ttl = TimeSpan.FromSeconds(8) };
            await foreach (ReductRecord record in bucket.QueryAsync("e", options: options, cancellationToken: stop.Token))
            {
                lock (seen)
                {
                    seen.Add(record.Timestamp.Microseconds);
                }

                if (record.Timestamp.Microseconds == Base + 2)
                {
                    break;
                }
            }
        });

        await WaitUntilAsync(() => { lock (seen) { return seen.Count == 2; } }, stop.Token);
        await bucket.WriteAsync("e", "body-2", Base + 2);
        await reading.WaitAsync(stop.Token);

        Assert.Equal([Base, Base + 1, Base + 2], seen);
    }

    [Fact]
    public async Task The_latest_record_and_a_records_metadata_are_read_directly()
    {
        Bucket bucket = await WriteNumberedAsync("latest", 3);

        await using ReductRecord latest = await bucket.ReadLatestAsync("e");
        ReductRecord metadata = await bucket.ReadMetadataAsync("e", Base + 1);
        ReductRecord latestMetadata = await bucket.ReadMetadataAsync("e");

        Assert.Equal(Base + 2, latest.Timestamp.Microseconds);
        Assert.Equal("body-2", Encoding.UTF8.GetString(await latest.ReadAllBytesAsync()));
        Assert.True(metadata.IsMetadataOnly);
        Assert.Equal((Base + 1, 6L, "1"), (metadata.Timestamp.Microseconds, metadata.Length, metadata.Labels["n"]));
        Assert.Equal(Base + 2, latestMetadata.Timestamp.Microseconds);
    }

    [Fact]
    public async Task A_query_of_a_missing_entry_fails_with_the_servers_404()
    {
        Bucket bucket = await fixture.NewBucketAsync("missing");

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => ReadTimesAsync(bucket.QueryAsync("nosuch")));

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public void Bad_query_arguments_are_refused_before_anything_is_sent()
    {
        Bucket bucket = fixture.Client.GetBucket("anything");

        Assert.Throws<ArgumentException>(() => bucket.QueryAsync("bad name"));
        Assert.Throws<ArgumentException>(() => bucket.QueryAsync("e", start: 10, stop: 5));
        Assert.Throws<ArgumentException>(() => bucket.QueryAsync(Array.Empty<string>()));
        Assert.Throws<ArgumentException>(() => bucket.QueryAsync(["a*b*"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => bucket.QueryAsync("e", options: new QueryOptions { Ttl = TimeSpan.FromMilliseconds(10) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => bucket.QueryAsync("e", options: new QueryOptions { Continuous = true, Ttl = TimeSpan.FromSeconds(5) }));
        Assert.Throws<ArgumentException>(() => bucket.QueryAsync("e", options: new QueryOptions { Ext = "[1]" }));

        // The client's timeout is 15 s by default: an empty v1 poll held for a quarter of 120 s would outlast it.
        Assert.Throws<ArgumentOutOfRangeException>(() => bucket.QueryAsync("e", options: new QueryOptions { Continuous = true, Ttl = TimeSpan.FromSeconds(120) }));
    }

    [Fact]
    public async Task A_server_before_1_13_cannot_take_a_query_and_nothing_is_sent()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "1.12" });
        using var client = new ReductClient(server.Url);
        await client.GetInfoAsync();
        server.Statistics.Reset();

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => ReadTimesAsync(client.GetBucket("b").QueryAsync("e")));

        Assert.Equal(ReductException.NotSupportedByServer, error.Status);
        Assert.Contains("API 1.13", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Statistics.RequestCount);
    }

    [Fact]
    public async Task A_removal_query_removes_the_matching_records_on_the_server_and_counts_them()
    {
        Bucket bucket = await WriteNumberedAsync("remove", 10);

        long removed = await bucket.RemoveQueryAsync("e", Base + 2, when: Condition.Label("n").LessThan(6));

        Assert.Equal(4, removed);
        Assert.Equal([0UL, 1, 6, 7, 8, 9], fixture.Server.Storage.GetRecords(bucket.Name, "e").Select(r => r.Timestamp - Base));
    }

    [Theory]
    [InlineData("1.21")]
    [InlineData("1.17")]
    public async Task A_removal_query_over_patterns_removes_from_each_matching_entry_and_never_creates_one(string version)
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("rm");
        var records = new RecordBatch();
        foreach (string entry in new[] { "cam-a", "cam-b", "imu" })
        {
            for (ulong i = 0; i < 3; i++)
            {
                records.Add(entry, Base + i, "x");
            }
        }

        Assert.Empty(await bucket.WriteBatchAsync(records));

        long removed = await bucket.RemoveQueryAsync(["cam*", "missing"], stop: Base + 2);
        long none = await bucket.RemoveQueryAsync("nosuch");

        Assert.Equal(4, removed);
        Assert.Equal(0, none);
        Assert.Equal([Base + 2], server.Storage.GetRecords("rm", "cam-a").Select(r => r.Timestamp));
        Assert.Equal(3, server.Storage.GetRecords("rm", "imu").Count);
        Assert.DoesNotContain(await bucket.GetEntriesAsync(), e => e.Name is "nosuch" or "missing");
    }

    private async Task<Bucket> WriteNumberedAsync(string prefix, int count, ulong start = 0)
    {
        Bucket bucket = await fixture.NewBucketAsync(prefix);
        var batch = new Batch();
        for (ulong i = start; i < start + (ulong)count; i++)
        {
            batch.Add(Base + i, $"body-{i}", labels: new Labels { ["n"] = (long)i });
        }

        Assert.Empty(await bucket.WriteBatchAsync("e", batch));
        return bucket;
    }

    private static async Task<List<ulong>> ReadTimesAsync(IAsyncEnumerable<ReductRecord> records)
    {
        var times = new List<ulong>();
        await foreach (ReductRecord record in records)
        {
            times.Add(record.Timestamp.Microseconds);
        }

        return times;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
