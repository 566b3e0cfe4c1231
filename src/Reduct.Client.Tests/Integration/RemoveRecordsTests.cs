using Reduct.Client;
using Reduct.Client.Testing;
using Reduct.Client.Tests.Resilience;

namespace Reduct.Client.Tests.Integration;

/// <summary><see cref="Bucket.RemoveRecordAsync"/>, its batches and <see cref="Bucket.RemoveEntryAsync"/>, against the reference server's storage.</summary>
public sealed class RemoveRecordsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const ulong At = 1_700_000_000_000_000;

    private List<ulong> TimestampsOf(Bucket bucket, string entry) =>
        fixture.Server.Storage.GetRecords(bucket.Name, entry).Select(r => r.Timestamp).ToList();

    private static async Task WriteAsync(Bucket bucket, string entry, params ulong[] timestamps)
    {
        foreach (ulong timestamp in timestamps)
        {
            await bucket.WriteAsync(entry, "x", timestamp);
        }
    }

    [Fact]
    public async Task One_record_is_removed_and_a_missing_one_is_a_404()
    {
        Bucket bucket = await fixture.NewBucketAsync("remove");
        await WriteAsync(bucket, "e", At, At + 1);

        await bucket.RemoveRecordAsync("e", At);
        ReductException again = await Assert.ThrowsAsync<ReductException>(() => bucket.RemoveRecordAsync("e", At));

        Assert.Equal([At + 1], TimestampsOf(bucket, "e"));
        Assert.Equal(404, again.Status);
        Assert.Equal($"Record {At} not found in entry {bucket.Name}/e", again.ServerMessage);
    }

    [Fact]
    public async Task A_batch_of_one_entry_removes_each_record_once_and_maps_the_missing_ones()
    {
        Bucket bucket = await fixture.NewBucketAsync("remove");
        await WriteAsync(bucket, "e", At, At + 1, At + 2);

        IReadOnlyDictionary<ReductTimestamp, ReductException> errors = await bucket.RemoveRecordsAsync("e", [At, At + 2, At, At + 7]);

        KeyValuePair<ReductTimestamp, ReductException> missing = Assert.Single(errors);
        Assert.Equal(At + 7, missing.Key.Microseconds);
        Assert.Equal($"Record {At + 7} not found in entry {bucket.Name}/e", missing.Value.ServerMessage);
        Assert.Equal([At + 1], TimestampsOf(bucket, "e"));
    }

    [Fact]
    public async Task Timestamps_may_be_given_as_iso_strings()
    {
        Bucket bucket = await fixture.NewBucketAsync("remove");
        await bucket.WriteAsync("e", "x", "2024-02-02T10:00:00");

        IReadOnlyDictionary<ReductTimestamp, ReductException> errors = await bucket.RemoveRecordsAsync("e", ["2024-02-02T10:00:00", "2024-02-02T10:00:01"]);

        Assert.Equal([ReductTimestamp.Parse("2024-02-02T10:00:01")], errors.Keys);
        Assert.Empty(TimestampsOf(bucket, "e"));
    }

    [Fact]
    public async Task A_batch_of_one_missing_entry_throws_its_404()
    {
        Bucket bucket = await fixture.NewBucketAsync("remove");

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => bucket.RemoveRecordsAsync("nope", [At]));

        Assert.Equal($"Entry 'nope' not found in bucket '{bucket.Name}'", error.ServerMessage);
    }

    [Theory]
    [InlineData("1.21", 1)]
    [InlineData("1.17", 3)]
    public async Task Records_of_many_entries_are_removed_and_only_their_own_errors_are_reported(string version, int requests)
    {
        // The case of the spec (§5.3): the server reports the missing entry's error at time 4 for a@4 and b@4 too.
        await using var context = await ServerAndBucket.StartAsync("multi", new ReductTestServerOptions { ApiVersion = version });
        await WriteAsync(context.Bucket, "a", 4, 5);
        await WriteAsync(context.Bucket, "b", 4);
        context.Server.Statistics.Reset();

        IReadOnlyDictionary<RecordKey, ReductException> errors = await context.Bucket.RemoveRecordsAsync(
            [new RecordKey("a", 4UL), new RecordKey("b", 4UL), new RecordKey("a", 5UL), new RecordKey("zz", 4UL), new RecordKey("b", 104UL)]);

        Assert.Equal(
            new Dictionary<RecordKey, string>
            {
                [new RecordKey("zz", 4UL)] = "Entry 'zz' not found in bucket 'multi'",
                [new RecordKey("b", 104UL)] = "Record 104 not found in entry multi/b",
            },
            errors.ToDictionary(e => e.Key, e => e.Value.ServerMessage));
        Assert.Equal(requests, context.Server.Statistics.RequestCount);
        Assert.Equal(0, context.Server.Storage.CountRecords("multi"));
    }

    [Fact]
    public async Task A_removal_whose_first_attempt_timed_out_after_the_server_removed_the_record_succeeds()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using ReductClient client = FastRetry.Client(server, timeout: TimeSpan.FromMilliseconds(300));
        Bucket bucket = await client.CreateBucketAsync("slow");
        await WriteAsync(bucket, "e", At, At + 1, At + 2);

        server.Faults.DelayResponses(TimeSpan.FromSeconds(1), count: 1);
        await bucket.RemoveRecordAsync("e", At);
        server.Faults.DelayResponses(TimeSpan.FromSeconds(1), count: 1);
        IReadOnlyDictionary<ReductTimestamp, ReductException> errors = await bucket.RemoveRecordsAsync("e", [At + 1, At + 2]);

        Assert.Empty(errors);
        Assert.Equal(0, server.Storage.CountRecords("slow"));
    }

    [Fact]
    public async Task An_entry_goes_with_its_sub_entries()
    {
        Bucket bucket = await fixture.NewBucketAsync("remove");
        await WriteAsync(bucket, "cam", At);
        await WriteAsync(bucket, "cam/front", At);
        await WriteAsync(bucket, "camera", At);

        await bucket.RemoveEntryAsync("cam");
        ReductException again = await Assert.ThrowsAsync<ReductException>(() => bucket.RemoveEntryAsync("cam"));

        Assert.Empty(TimestampsOf(bucket, "cam"));
        Assert.Empty(TimestampsOf(bucket, "cam/front"));
        Assert.Equal([At], TimestampsOf(bucket, "camera"));
        Assert.Equal(404, again.Status);
    }

    [Fact]
    public async Task Attachment_entries_and_bad_names_are_refused_before_anything_is_sent()
    {
        await using var context = await ServerAndBucket.StartAsync("meta", new ReductTestServerOptions());
        Bucket bucket = context.Bucket;
        context.Server.Statistics.Reset();

        ArgumentException one = await Assert.ThrowsAsync<ArgumentException>(() => bucket.RemoveRecordAsync("cam/$meta", At));
        ArgumentException batch = await Assert.ThrowsAsync<ArgumentException>(() => bucket.RemoveRecordsAsync("$meta", [At]));
        ArgumentException many = await Assert.ThrowsAsync<ArgumentException>(() => bucket.RemoveRecordsAsync([new RecordKey("cam", At), new RecordKey("cam/$meta", At)]));
        ArgumentException entry = await Assert.ThrowsAsync<ArgumentException>(() => bucket.RemoveEntryAsync("cam/$meta"));
        ArgumentException badName = await Assert.ThrowsAsync<ArgumentException>(() => bucket.RemoveEntryAsync("cam/q"));

        Assert.Equal(["entry", "entry", "records", "entry", "entry"], new[] { one, batch, many, entry, badName }.Select(e => e.ParamName));
        Assert.Contains("remove=true", one.Message, StringComparison.Ordinal);
        Assert.Contains("parent entry", entry.Message, StringComparison.Ordinal);
        Assert.Equal(0, context.Server.Statistics.RequestCount);
    }
}
