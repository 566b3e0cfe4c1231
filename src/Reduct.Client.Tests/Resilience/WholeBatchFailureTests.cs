using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Resilience;

/// <summary>
/// A batch call that cannot store anything throws, as a single write does, after one retry budget for the whole
/// call; its error map is for partial outcomes, and a failure the rest of the call would meet too stops it.
/// </summary>
public sealed class WholeBatchFailureTests : IAsyncLifetime
{
    private const string Unavailable = "The server is starting up";

    private ReductTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ReductTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_batch_to_a_server_that_keeps_failing_throws_after_one_retry_budget_not_one_per_request()
    {
        using ReductClient client = FastRetry.Client(_server, maxRetryAttempts: 2);
        Bucket bucket = await client.CreateBucketAsync("b");
        var batch = new Batch();
        for (ulong i = 0; i < 1000; i++)
        {
            batch.Add(i, "x");
        }

        _server.Faults.FailNextRequests(1000, 503, Unavailable, pathFilter: FastRetry.IsWrite);
        _server.Statistics.Reset();

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => bucket.WriteBatchAsync("e", batch));

        // 1,000 records are 13 requests of 80: only the first is tried (1 attempt + 2 retries), the rest never sent.
        Assert.Equal(503, error.Status);
        Assert.False(error.IsOutcomeUnknown);
        Assert.Contains("Gave up after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Statistics.RequestCount);
        Assert.Equal(0, _server.Storage.CountRecords("b"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_batch_to_a_closed_port_throws_a_connection_failure(bool manyEntries)
    {
        using var client = new ReductClient(FastRetry.Options(ClosedPort.Url, maxRetryAttempts: 1));
        Bucket bucket = client.GetBucket("b");

        Task call;
        if (manyEntries)
        {
            var records = new RecordBatch();
            records.Add("a", 1UL, "x");
            records.Add("b", 1UL, "y");
            call = bucket.WriteBatchAsync(records);
        }
        else
        {
            var batch = new Batch();
            batch.Add(1UL, "x");
            batch.Add(2UL, "y");
            call = bucket.WriteBatchAsync("e", batch);
        }

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => call);

        Assert.Equal(ReductException.ConnectionFailed, error.Status);
        Assert.False(error.IsOutcomeUnknown);
    }

    [Fact]
    public async Task A_later_request_that_fails_as_a_whole_is_in_the_map_and_stops_the_requests_that_would_meet_it_too()
    {
        await using ReductTestServer server = await StartV1ServerAsync();
        using ReductClient client = FastRetry.Client(server, maxRetryAttempts: 1);
        Bucket bucket = await client.CreateBucketAsync("b");
        RecordBatch records = ThreeEntries(recordsPerEntry: 2);
        server.Faults.FailNextRequests(10, 503, Unavailable, pathFilter: path => path.EndsWith("/b/batch", StringComparison.Ordinal));
        server.Statistics.Reset();

        BatchWriteResult<RecordKey> result = await bucket.WriteBatchAsync(records);

        Assert.Equal(4, result.Count);
        ReductException failed = result[new RecordKey("b", 1UL)];
        Assert.Equal(503, failed.Status);
        Assert.False(failed.IsOutcomeUnknown);
        ReductException notSent = result[new RecordKey("c", 2UL)];
        Assert.Equal(503, notSent.Status);
        Assert.Contains("Not sent", notSent.Message, StringComparison.Ordinal);
        Assert.False(notSent.IsOutcomeUnknown);

        // Entry a stored; b tried twice; c never sent, and nothing of b or c is stored.
        Assert.Equal(3, server.Statistics.RequestCount);
        Assert.Equal([1UL, 2UL], server.Storage.GetRecords("b", "a").Select(r => r.Timestamp));
        Assert.Empty(server.Storage.GetRecords("b", "b"));
        Assert.Empty(server.Storage.GetRecords("b", "c"));
    }

    [Fact]
    public async Task A_later_request_refused_for_its_own_reason_does_not_stop_the_rest()
    {
        await using ReductTestServer server = await StartV1ServerAsync();
        using ReductClient client = FastRetry.Client(server, maxRetryAttempts: 1);
        Bucket bucket = await client.CreateBucketAsync("b");
        RecordBatch records = ThreeEntries(recordsPerEntry: 1);
        server.Faults.FailNextRequests(1, 500, "Failed to acquire async write lock within timeout",
            pathFilter: path => path.EndsWith("/b/batch", StringComparison.Ordinal));

        BatchWriteResult<RecordKey> result = await bucket.WriteBatchAsync(records);

        Assert.Equal(500, Assert.Single(result).Value.Status);
        Assert.Single(server.Storage.GetRecords("b", "a"));
        Assert.Empty(server.Storage.GetRecords("b", "b"));
        Assert.Single(server.Storage.GetRecords("b", "c"));
    }

    [Fact]
    public async Task The_writer_reports_a_refused_request_per_record_and_never_throws_from_flush()
    {
        using ReductClient client = FastRetry.Client(_server, maxRetryAttempts: 1);
        Bucket bucket = await client.CreateBucketAsync("w");
        await using IngestionWriter writer = bucket.CreateWriter(new IngestionWriterOptions { FlushInterval = TimeSpan.FromHours(1) });
        EntryWriter entry = writer.OpenEntry("e");
        for (ulong i = 0; i < 10; i++)
        {
            await entry.WriteAsync(i, "x");
        }

        _server.Faults.FailNextRequests(10, 503, Unavailable, pathFilter: FastRetry.IsWrite);

        IReadOnlyList<FailedRecord> failed = await writer.FlushAsync();

        Assert.Equal(10, failed.Count);
        Assert.All(failed, f => Assert.Equal(503, f.Error.Status));
        Assert.Equal(0, _server.Storage.CountRecords("w"));
    }

    /// <summary>Before API 1.18 a RecordBatch goes as one v1 request per entry, so a fault can hit one request alone.</summary>
    private static Task<ReductTestServer> StartV1ServerAsync() =>
        ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "1.17" });

    /// <summary>Records at 1, 2, ... in the entries a, b and c, sent in that order.</summary>
    private static RecordBatch ThreeEntries(int recordsPerEntry)
    {
        var records = new RecordBatch();
        foreach (string entry in new[] { "a", "b", "c" })
        {
            for (ulong i = 1; i <= (ulong)recordsPerEntry; i++)
            {
                records.Add(entry, i, "x");
            }
        }

        return records;
    }
}
