using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary><see cref="Bucket.UpdateLabelsAsync(string, ReductTimestamp, LabelUpdate, CancellationToken)"/> and its batches, against the reference server's storage.</summary>
public sealed class UpdateLabelsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const ulong At = 1_700_000_000_000_000;

    private static Labels LabelsOf(params (string Name, string Value)[] labels) => new(labels.Select(l => KeyValuePair.Create(l.Name, l.Value)));

    private Dictionary<string, string> Stored(Bucket bucket, string entry, ulong timestamp) =>
        new(fixture.Server.Storage.FindRecord(bucket.Name, entry, timestamp)!.Labels);

    [Fact]
    public async Task One_record_gets_labels_set_overwritten_and_removed_and_keeps_the_rest()
    {
        Bucket bucket = await fixture.NewBucketAsync("relabel");
        await bucket.WriteAsync("images", "frame", At, new RecordWriteOptions { ContentType = "image/png", Labels = LabelsOf(("score", "0.5"), ("draft", "yes"), ("camera", "front")) });

        await bucket.UpdateLabelsAsync("images", At, new LabelUpdate { Labels = { ["score"] = 0.8, ["reviewed"] = true }, LabelsToRemove = { "draft", "absent" } });

        StoredRecord stored = fixture.Server.Storage.FindRecord(bucket.Name, "images", At)!;
        Assert.Equal([("score", "0.8"), ("camera", "front"), ("reviewed", "true")], stored.Labels.Select(l => (l.Key, l.Value)));
        Assert.Equal("image/png", stored.ContentType);
        Assert.Equal("frame"u8.ToArray(), stored.ReadData());
        await using ReductRecord read = await bucket.ReadAsync("images", At);
        Assert.Equal("0.8", read.Labels["score"]);
        Assert.False(read.Labels.ContainsKey("draft"));
    }

    [Fact]
    public async Task One_missing_record_or_entry_is_a_404()
    {
        Bucket bucket = await fixture.NewBucketAsync("relabel");
        await bucket.WriteAsync("e", "x", At);
        var update = new LabelUpdate { Labels = { ["a"] = 1 } };

        ReductException record = await Assert.ThrowsAsync<ReductException>(() => bucket.UpdateLabelsAsync("e", At + 1, update));
        ReductException entry = await Assert.ThrowsAsync<ReductException>(() => bucket.UpdateLabelsAsync("nope", At, update));

        Assert.Equal(404, record.Status);
        Assert.Equal($"Record {At + 1} not found in entry {bucket.Name}/e", record.ServerMessage);
        Assert.Equal($"Entry 'nope' not found in bucket '{bucket.Name}'", entry.ServerMessage);
    }

    [Fact]
    public async Task A_batch_of_one_entry_gives_each_record_its_own_update_and_maps_the_missing_ones()
    {
        Bucket bucket = await fixture.NewBucketAsync("relabel");
        for (ulong i = 0; i < 3; i++)
        {
            await bucket.WriteAsync("e", "x", At + i, new RecordWriteOptions { Labels = LabelsOf(("k", "old"), ("x", "old")) });
        }

        IReadOnlyDictionary<ReductTimestamp, ReductException> errors = await bucket.UpdateLabelsAsync("e", new Dictionary<ReductTimestamp, LabelUpdate>
        {
            [At] = new LabelUpdate { Labels = { ["k"] = "one,two" } },
            [At + 1] = new LabelUpdate { LabelsToRemove = { "x" } },
            [At + 2] = new LabelUpdate(),
            [At + 9] = new LabelUpdate { Labels = { ["k"] = "nine" } },
        });

        ReductException missing = Assert.Single(errors, e => e.Key == At + 9).Value;
        Assert.Single(errors);
        Assert.Equal(404, missing.Status);
        Assert.Equal($"Record {At + 9} not found in entry {bucket.Name}/e", missing.ServerMessage);
        Assert.Equal(new Dictionary<string, string> { ["k"] = "one,two", ["x"] = "old" }, Stored(bucket, "e", At));
        Assert.Equal(new Dictionary<string, string> { ["k"] = "old" }, Stored(bucket, "e", At + 1));
        Assert.Equal(new Dictionary<string, string> { ["k"] = "old", ["x"] = "old" }, Stored(bucket, "e", At + 2));
    }

    [Fact]
    public async Task A_batch_of_one_missing_entry_throws_its_404()
    {
        Bucket bucket = await fixture.NewBucketAsync("relabel");

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => bucket.UpdateLabelsAsync("nope", new Dictionary<ReductTimestamp, LabelUpdate> { [At] = new LabelUpdate { Labels = { ["a"] = 1 } } }));

        Assert.Equal(404, error.Status);
        Assert.Equal($"Entry 'nope' not found in bucket '{bucket.Name}'", error.ServerMessage);
    }

    [Fact]
    public async Task One_update_for_many_records_travels_in_requests_of_the_record_limit()
    {
        await using var context = await ServerAndBucket.StartAsync("many", new ReductTestServerOptions());
        var batch = new Batch();
        for (ulong i = 0; i < 100; i++)
        {
            batch.Add(At + i, "x", labels: LabelsOf(("draft", "yes")));
        }

        Assert.Empty(await context.Bucket.WriteBatchAsync("e", batch));
        var reviewed = new LabelUpdate { Labels = { ["reviewed"] = true }, LabelsToRemove = { "draft" } };
        context.Server.Statistics.Reset();

        IReadOnlyDictionary<ReductTimestamp, ReductException> errors = await context.Bucket.UpdateLabelsAsync(
            "e", Enumerable.Range(0, 100).ToDictionary(i => (ReductTimestamp)(At + (ulong)i), _ => reviewed));

        Assert.Empty(errors);
        Assert.Equal(2, context.Server.Statistics.RequestCount);
        Assert.All(context.Server.Storage.GetRecords("many", "e"), r => Assert.Equal(new Dictionary<string, string> { ["reviewed"] = "true" }, new Dictionary<string, string>(r.Labels)));
    }

    [Theory]
    [InlineData("1.21", 1)]
    [InlineData("1.18", 1)]
    [InlineData("1.17", 3)]
    public async Task Records_of_many_entries_get_their_own_updates_in_v2_or_one_v1_batch_per_entry(string version, int requests)
    {
        await using var context = await ServerAndBucket.StartAsync("multi", new ReductTestServerOptions { ApiVersion = version });
        Bucket bucket = context.Bucket;
        await bucket.WriteAsync("a", "x", At, new RecordWriteOptions { Labels = LabelsOf(("k", "1"), ("x", "1")) });
        await bucket.WriteAsync("a", "x", At + 1, new RecordWriteOptions { Labels = LabelsOf(("k", "2"), ("x", "2")) });
        await bucket.WriteAsync("b", "x", At, new RecordWriteOptions { Labels = LabelsOf(("k", "3")) });
        context.Server.Statistics.Reset();

        IReadOnlyDictionary<RecordKey, ReductException> errors = await bucket.UpdateLabelsAsync(new Dictionary<RecordKey, LabelUpdate>
        {
            [new RecordKey("a", At)] = new LabelUpdate { Labels = { ["k"] = "four" }, LabelsToRemove = { "x" } },
            [new RecordKey("a", At + 1)] = new LabelUpdate { Labels = { ["k"] = "four", ["c"] = 5 }, LabelsToRemove = { "x" } },
            [new RecordKey("b", At)] = new LabelUpdate { Labels = { ["k"] = "b" } },
            [new RecordKey("zz", At)] = new LabelUpdate { Labels = { ["k"] = "z" } },
        });

        KeyValuePair<RecordKey, ReductException> missing = Assert.Single(errors);
        Assert.Equal(new RecordKey("zz", At), missing.Key);
        Assert.Equal(404, missing.Value.Status);
        Assert.Equal("Entry 'zz' not found in bucket 'multi'", missing.Value.ServerMessage);
        Assert.Equal(requests, context.Server.Statistics.RequestCount);
        Assert.Equal(new Dictionary<string, string> { ["k"] = "four" }, new Dictionary<string, string>(context.Server.Storage.FindRecord("multi", "a", At)!.Labels));
        Assert.Equal(new Dictionary<string, string> { ["k"] = "four", ["c"] = "5" }, new Dictionary<string, string>(context.Server.Storage.FindRecord("multi", "a", At + 1)!.Labels));
        Assert.Equal(new Dictionary<string, string> { ["k"] = "b" }, new Dictionary<string, string>(context.Server.Storage.FindRecord("multi", "b", At)!.Labels));
    }

    [Fact]
    public async Task Records_of_one_entry_whose_updates_name_different_labels_go_in_separate_v2_requests_so_none_gets_anothers_change()
    {
        await using var context = await ServerAndBucket.StartAsync("apart", new ReductTestServerOptions { ApiVersion = "1.20" });
        await context.Bucket.WriteAsync("a", "x", At, new RecordWriteOptions { Labels = LabelsOf(("k", "1"), ("x", "1")) });
        await context.Bucket.WriteAsync("a", "x", At + 1, new RecordWriteOptions { Labels = LabelsOf(("k", "2"), ("x", "2")) });
        context.Server.Statistics.Reset();

        IReadOnlyDictionary<RecordKey, ReductException> errors = await context.Bucket.UpdateLabelsAsync(new Dictionary<RecordKey, LabelUpdate>
        {
            [new RecordKey("a", At)] = new LabelUpdate { LabelsToRemove = { "x" } },
            [new RecordKey("a", At + 1)] = new LabelUpdate { Labels = { ["k"] = "new" } },
        });

        Assert.Empty(errors);
        Assert.Equal(2, context.Server.Statistics.RequestCount);
        Assert.Equal(new Dictionary<string, string> { ["k"] = "1" }, new Dictionary<string, string>(context.Server.Storage.FindRecord("apart", "a", At)!.Labels));
        Assert.Equal(new Dictionary<string, string> { ["k"] = "new", ["x"] = "2" }, new Dictionary<string, string>(context.Server.Storage.FindRecord("apart", "a", At + 1)!.Labels));
    }

    [Fact]
    public async Task Bad_updates_are_refused_before_anything_is_sent()
    {
        await using var context = await ServerAndBucket.StartAsync("bad", new ReductTestServerOptions());
        Bucket bucket = context.Bucket;
        await bucket.WriteAsync("e", "x", At, new RecordWriteOptions { Labels = LabelsOf(("a", "1")) });
        context.Server.Statistics.Reset();

        ArgumentException empty = await Assert.ThrowsAsync<ArgumentException>(() => bucket.UpdateLabelsAsync("e", At, new LabelUpdate { Labels = { ["a"] = "" } }));
        ArgumentException both = await Assert.ThrowsAsync<ArgumentException>(() => bucket.UpdateLabelsAsync("e", At, new LabelUpdate { Labels = { ["a"] = "2" }, LabelsToRemove = { "a" } }));
        ArgumentException entry = await Assert.ThrowsAsync<ArgumentException>(() => bucket.UpdateLabelsAsync("bad name", At, new LabelUpdate()));
        ArgumentException quote = await Assert.ThrowsAsync<ArgumentException>(() => bucket.UpdateLabelsAsync("e", new Dictionary<ReductTimestamp, LabelUpdate> { [At] = new LabelUpdate { Labels = { ["a"] = "\"q\"" } } }));
        ArgumentException entryInMap = await Assert.ThrowsAsync<ArgumentException>(() => bucket.UpdateLabelsAsync(new Dictionary<RecordKey, LabelUpdate> { [new RecordKey("e/batch", At)] = new LabelUpdate() }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => bucket.UpdateLabelsAsync("e", At, null!));

        Assert.Equal(["update", "update", "entry", "updates", "updates"], new[] { empty, both, entry, quote, entryInMap }.Select(e => e.ParamName));
        Assert.Equal(0, context.Server.Statistics.RequestCount);
        Assert.Equal("1", context.Server.Storage.FindRecord("bad", "e", At)!.Labels["a"]);
    }

    [Fact]
    public async Task A_value_with_a_double_quote_goes_in_an_update_of_one_record()
    {
        Bucket bucket = await fixture.NewBucketAsync("relabel");
        await bucket.WriteAsync("e", "x", At);

        await bucket.UpdateLabelsAsync("e", At, new LabelUpdate { Labels = { ["quote"] = "say \"hi\", twice" } });

        Assert.Equal("say \"hi\", twice", Stored(bucket, "e", At)["quote"]);
    }

    [Fact]
    public async Task A_token_without_write_access_gets_403_and_nothing_changes()
    {
        Bucket bucket = await fixture.NewBucketAsync("relabel");
        await bucket.WriteAsync("e", "x", At, new RecordWriteOptions { Labels = LabelsOf(("a", "1")) });
        using ReductClient reader = fixture.ClientWithToken(ServerFixture.ReadToken);

        ReductException single = await Assert.ThrowsAsync<ReductException>(() => reader.GetBucket(bucket.Name).UpdateLabelsAsync("e", At, new LabelUpdate { Labels = { ["a"] = 2 } }));
        ReductException many = await Assert.ThrowsAsync<ReductException>(() => reader.GetBucket(bucket.Name).UpdateLabelsAsync(new Dictionary<RecordKey, LabelUpdate> { [new RecordKey("e", At)] = new LabelUpdate { Labels = { ["a"] = 2 } } }));

        Assert.Equal([403, 403], new[] { single.Status, many.Status });
        Assert.Equal("1", Stored(bucket, "e", At)["a"]);
    }

    [Fact]
    public async Task An_empty_batch_sends_nothing()
    {
        await using var context = await ServerAndBucket.StartAsync("empty", new ReductTestServerOptions());
        context.Server.Statistics.Reset();

        Assert.Empty(await context.Bucket.UpdateLabelsAsync("e", new Dictionary<ReductTimestamp, LabelUpdate>()));
        Assert.Empty(await context.Bucket.UpdateLabelsAsync(new Dictionary<RecordKey, LabelUpdate>()));
        Assert.Equal(0, context.Server.Statistics.RequestCount);
    }
}
