using System.Diagnostics;
using System.Net;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class FaultTests : ServerWithDataBucket
{
    [Fact]
    public async Task Fail_next_requests_answers_the_given_error_count_times_then_recovers()
    {
        _server.Faults.FailNextRequests(2, 503, "The server is starting up, please try again later", TimeSpan.FromSeconds(1.5));

        using var first = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e?ts=1", [1]));
        using var second = await _client.GetAsync("api/v1/info");
        using var third = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e?ts=1", [1]));

        await RawHttp.AssertErrorAsync(first, 503, "The server is starting up, please try again later");
        Assert.Equal("2", first.Header("Retry-After"));
        Assert.Equal("1.21", first.Header("x-reduct-api"));
        await RawHttp.AssertErrorAsync(second, 503, "The server is starting up, please try again later");
        await RawHttp.AssertOkAsync(third);
        Assert.NotNull(_server.Storage.FindRecord("data", "e", 1));
    }

    [Fact]
    public async Task Rate_limit_style_failures_can_leave_out_the_version_headers()
    {
        _server.Faults.FailNextRequests(1, 429, "rate limit exceeded", includeApiHeader: false);

        using var limited = await _client.GetAsync("api/v1/info");
        using var normal = await _client.GetAsync("api/v1/info");

        await RawHttp.AssertErrorAsync(limited, 429, "rate limit exceeded");
        Assert.Null(limited.Header("x-reduct-api"));
        Assert.Null(limited.Header("Server"));
        Assert.Null(limited.Header("Retry-After"));
        Assert.Equal("1.21", normal.Header("x-reduct-api"));
    }

    [Fact]
    public async Task Path_filter_limits_which_requests_fail()
    {
        _server.Faults.FailNextRequests(1, 500, "boom", pathFilter: path => path.EndsWith("/batch", StringComparison.Ordinal));

        using var info = await _client.GetAsync("api/v1/info");
        using var batch = RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e/batch", [1]);
        batch.Headers.TryAddWithoutValidation("x-reduct-time-1", "1,");
        using var failed = await _client.SendAsync(batch);

        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        await RawHttp.AssertErrorAsync(failed, 500, "boom");
        Assert.Equal(0, _server.Storage.CountRecords("data"));
    }

    [Fact]
    public async Task Delayed_response_still_stores_the_write_when_the_client_gives_up()
    {
        // The client's patience is long enough for a loaded machine to send the request, and shorter than the delay.
        _server.Faults.DelayResponses(TimeSpan.FromSeconds(3), 1);
        using var impatient = RawHttp.CreateClient(_server);
        impatient.Timeout = TimeSpan.FromSeconds(1);

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/late?ts=1", [1])));
        // The client may give up before the server has even read the request: wait for the write to land.
        await Poll.Until(() => _server.Storage.FindRecord("data", "late", 1) is not null);
        using var retry = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/late?ts=1", [1]));
        await RawHttp.AssertErrorAsync(retry, 409, "A record with timestamp 1 already exists");
    }

    [Fact]
    public async Task Delay_applies_to_the_given_number_of_responses()
    {
        _server.Faults.DelayResponses(TimeSpan.FromMilliseconds(300), 1);

        var stopwatch = Stopwatch.StartNew();
        using var delayed = await _client.GetAsync("api/v1/info");
        var delayedTime = stopwatch.Elapsed;

        Assert.Equal(HttpStatusCode.OK, delayed.StatusCode);
        Assert.True(delayedTime >= TimeSpan.FromMilliseconds(290), $"took {delayedTime}");
    }

    [Fact]
    public async Task Clear_disarms_every_fault()
    {
        _server.Faults.FailNextRequests(5, 503, "down");
        _server.Faults.AbortConnectionAfterBodyBytes(0, 5);
        _server.Faults.DelayResponses(TimeSpan.FromSeconds(30), 5);

        _server.Faults.Clear();

        await _client.WriteRecordAsync("data", "e", 7, new byte[1000]);
        Assert.NotNull(_server.Storage.FindRecord("data", "e", 7));
    }

    [Fact]
    public async Task Abort_after_zero_bytes_leaves_the_record_errored()
    {
        _server.Faults.AbortConnectionAfterBodyBytes(0);

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/zero?ts=1", new byte[100])));
        await _client.WriteRecordAsync("data", "zero", 1, new byte[100]);

        Assert.Equal(100, _server.Storage.FindRecord("data", "zero", 1)!.Length);
    }
}
