using System.Diagnostics;
using Polly;
using Reduct.Client.Testing;
using Reduct.Client.Tests.Integration;

namespace Reduct.Client.Tests.Resilience;

public sealed class RetryTests : IAsyncLifetime
{
    private const string StartingUp = "The server is starting up, please try again later";

    private ReductTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ReductTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Transient_statuses_are_retried_until_the_write_succeeds()
    {
        using ReductClient client = FastRetry.Client(_server);
        Bucket bucket = await client.CreateBucketAsync("b");
        _server.Faults.FailNextRequests(1, 503, StartingUp, includeApiHeader: false);
        _server.Faults.FailNextRequests(1, 502, "bad gateway");
        _server.Faults.FailNextRequests(1, 504, "gateway timeout");
        _server.Statistics.Reset();

        await bucket.WriteAsync("e", "data"u8.ToArray(), 1UL);

        Assert.Equal(4, _server.Statistics.RequestCount);
        Assert.Equal("data"u8.ToArray(), _server.Storage.FindRecord("b", "e", 1)!.ReadData());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Other_statuses_are_not_retried(int status)
    {
        using ReductClient client = FastRetry.Client(_server);
        Bucket bucket = await client.CreateBucketAsync("b");
        _server.Faults.FailNextRequests(1, status, "no");
        _server.Statistics.Reset();

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => bucket.WriteAsync("e", "data"u8.ToArray(), 1UL));

        Assert.Equal(status, error.Status);
        Assert.Equal(1, _server.Statistics.RequestCount);
        Assert.False(error.IsOutcomeUnknown);
    }

    [Fact]
    public async Task The_last_failure_is_reported_with_the_number_of_attempts()
    {
        using ReductClient client = FastRetry.Client(_server, maxRetryAttempts: 2);
        _server.Faults.FailNextRequests(10, 503, StartingUp);
        _server.Statistics.Reset();

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetInfoAsync());

        Assert.Equal(503, error.Status);
        Assert.Equal(StartingUp, error.ServerMessage);
        Assert.Contains("Gave up after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Statistics.RequestCount);
    }

    [Fact]
    public async Task The_wait_in_a_429_message_is_obeyed()
    {
        using ReductClient client = FastRetry.Client(_server);
        _server.Faults.FailNextRequests(1, 429, "rate limit for ingress bytes (bucket) exceeded: used=10 limit=5 retry_after=1s", includeApiHeader: false);

        var stopwatch = Stopwatch.StartNew();
        await client.GetInfoAsync();

        // The computed backoff is at most 50 ms here, so a wait this long can only be the server's.
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_Retry_After_header_is_obeyed()
    {
        using ReductClient client = FastRetry.Client(_server);
        _server.Faults.FailNextRequests(1, 503, StartingUp, retryAfter: TimeSpan.FromSeconds(1));

        var stopwatch = Stopwatch.StartNew();
        await client.GetInfoAsync();

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_wait_beyond_the_time_budget_is_not_made()
    {
        ReductClientOptions options = FastRetry.Options(_server.Url);
        options.Retry.TotalBudget = TimeSpan.FromMilliseconds(500);
        using var client = new ReductClient(options);
        _server.Faults.FailNextRequests(1, 429, "rate limit exceeded: retry_after=30s", includeApiHeader: false);
        _server.Statistics.Reset();

        var stopwatch = Stopwatch.StartNew();
        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetInfoAsync());

        Assert.Equal(429, error.Status);
        Assert.Contains("retry budget", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Statistics.RequestCount);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_and_reported_as_not_stored()
    {
        using var client = new ReductClient(FastRetry.Options(new Uri("http://127.0.0.1:1/")));
        using var logs = new CollectingLoggerFactory();

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetBucket("b").WriteAsync("e", new byte[10], 1UL));

        Assert.Equal(ReductException.ConnectionFailed, error.Status);
        Assert.True(error.IsTransient);
        Assert.False(error.IsOutcomeUnknown);
        Assert.Contains("Gave up after 4 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retries_can_be_turned_off()
    {
        using ReductClient client = FastRetry.Client(_server, maxRetryAttempts: 0);
        _server.Faults.FailNextRequests(1, 503, StartingUp);
        _server.Statistics.Reset();

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetInfoAsync());

        Assert.Equal(503, error.Status);
        Assert.Equal(1, _server.Statistics.RequestCount);
    }

    [Fact]
    public async Task A_pipeline_of_the_callers_own_replaces_the_default()
    {
        int attempts = 0;
        ResiliencePipeline<HttpResponseMessage> custom = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new Polly.Retry.RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 5,
                Delay = TimeSpan.Zero,
                ShouldHandle = args =>
                {
                    Interlocked.Increment(ref attempts);
                    return new ValueTask<bool>(args.Outcome.Result?.StatusCode == System.Net.HttpStatusCode.InternalServerError);
                },
            })
            .Build();
        using var client = new ReductClient(new ReductClientOptions { Url = _server.Url, ResiliencePipeline = custom });
        _server.Faults.FailNextRequests(2, 500, "a 500 this caller deems transient");

        ServerInfo info = await client.GetInfoAsync();

        Assert.NotNull(info);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_custom_pipeline_that_retries_a_spent_stream_gets_the_first_failure_with_the_reason()
    {
        ResiliencePipeline<HttpResponseMessage> retryEverything = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new Polly.Retry.RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 3,
                Delay = TimeSpan.Zero,
                ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is not null || args.Outcome.Result?.IsSuccessStatusCode == false),
            })
            .Build();
        using var client = new ReductClient(new ReductClientOptions { Url = _server.Url, ResiliencePipeline = retryEverything });
        Bucket bucket = await client.CreateBucketAsync("b");
        _server.Faults.FailNextRequests(1, 503, StartingUp);
        _server.Statistics.Reset();

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => bucket.WriteAsync("e", new ForwardOnlyStream(new byte[5000]), 5000, 1UL));

        Assert.Equal(503, error.Status);
        Assert.Contains("cannot be sent a second time", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Statistics.RequestCount);
        Assert.Null(_server.Storage.FindRecord("b", "e", 1));
    }

    [Fact]
    public async Task A_timed_out_write_from_memory_is_retried_and_its_409_taken_as_stored()
    {
        using ReductClient client = FastRetry.Client(_server, timeout: TimeSpan.FromMilliseconds(700));
        Bucket bucket = await client.CreateBucketAsync("b");
        _server.Faults.DelayResponses(TimeSpan.FromSeconds(2), 1);
        _server.Statistics.Reset();

        await bucket.WriteAsync("e", "data"u8.ToArray(), 1UL);

        Assert.Equal(2, _server.Statistics.RequestCount);
        Assert.Equal("data"u8.ToArray(), _server.Storage.FindRecord("b", "e", 1)!.ReadData());
    }

    [Fact]
    public async Task A_fresh_conflict_is_still_a_409()
    {
        using ReductClient client = FastRetry.Client(_server);
        Bucket bucket = await client.CreateBucketAsync("b");
        await bucket.WriteAsync("e", "first"u8.ToArray(), 1UL);

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => bucket.WriteAsync("e", "second"u8.ToArray(), 1UL));

        Assert.Equal(409, error.Status);
        Assert.Equal("first"u8.ToArray(), _server.Storage.FindRecord("b", "e", 1)!.ReadData());
    }

    [Fact]
    public async Task A_fresh_conflict_in_a_batch_stays_a_failure_and_is_not_already_stored()
    {
        using ReductClient client = FastRetry.Client(_server);
        Bucket bucket = await client.CreateBucketAsync("b");
        await bucket.WriteAsync("e", "first"u8.ToArray(), 1UL);
        var batch = new Batch();
        batch.Add(1UL, "again");
        batch.Add(2UL, "new");

        BatchWriteResult<ReductTimestamp> result = await bucket.WriteBatchAsync("e", batch);

        Assert.Equal(409, Assert.Single(result).Value.Status);
        Assert.Empty(result.AlreadyStored);
    }

    [Fact]
    public async Task A_large_stream_that_cannot_seek_survives_a_503_because_its_body_waited_for_100_continue()
    {
        using ReductClient client = FastRetry.Client(_server);
        Bucket bucket = await client.CreateBucketAsync("b");
        byte[] data = new byte[2 * 1024 * 1024];
        Random.Shared.NextBytes(data);
        _server.Faults.FailNextRequests(1, 503, StartingUp, pathFilter: FastRetry.IsWrite);

        await bucket.WriteAsync("e", new ForwardOnlyStream(data), data.Length, 1UL);

        Assert.Equal(data, _server.Storage.FindRecord("b", "e", 1)!.ReadData());
    }
}
