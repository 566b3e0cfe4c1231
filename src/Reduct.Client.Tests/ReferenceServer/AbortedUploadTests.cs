using System.Net;
using System.Net.Sockets;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Uploads that break off leave an errored record: invisible, replaceable by a write of the same size only.</summary>
public sealed class AbortedUploadTests : ServerWithDataBucket
{
    [Fact]
    public async Task Client_reset_mid_body_leaves_an_errored_record_replaceable_only_with_the_same_size()
    {
        using (var exchange = await RawSocketExchange.ConnectAsync(_server))
        {
            // Waiting for 100 Continue proves the handler is running and reading the body.
            await exchange.SendAsync("POST /api/v1/b/data/cut?ts=5 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
            Assert.Equal(100, (await exchange.ReadResponseAsync()).Status);
            await exchange.SendAsync(new byte[400]);
            exchange.Reset();
        }

        await _server.Statistics.WaitForIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(_server.Storage.FindRecord("data", "cut", 5));
        Assert.Empty(_server.Storage.GetRecords("data", "cut"));
        using var read = await _client.GetAsync("api/v1/b/data/cut?ts=5");
        await RawHttp.AssertErrorAsync(read, 404, "Record 5 not found in entry data/cut");
        using var otherSize = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/cut?ts=5", new byte[999]));
        await RawHttp.AssertErrorAsync(otherSize, 409, "A record with timestamp 5 already exists");
        var replacement = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        await _client.WriteRecordAsync("data", "cut", 5, replacement);
        Assert.Equal(replacement, _server.Storage.FindRecord("data", "cut", 5)!.ReadData());
    }

    [Fact]
    public async Task Injected_abort_drops_the_connection_after_the_given_body_bytes()
    {
        _server.Faults.AbortConnectionAfterBodyBytes(100);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() =>
            _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/faulty?ts=1", new byte[64 * 1024])));

        Assert.NotNull(failure);
        Assert.Null(_server.Storage.FindRecord("data", "faulty", 1));
        using var otherSize = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/faulty?ts=1", new byte[10]));
        await RawHttp.AssertErrorAsync(otherSize, 409, "A record with timestamp 1 already exists");
        await _client.WriteRecordAsync("data", "faulty", 1, new byte[64 * 1024]);
        Assert.Equal(64 * 1024, _server.Storage.FindRecord("data", "faulty", 1)!.Length);
    }

    [Fact]
    public async Task Injected_abort_in_a_batch_keeps_the_records_finished_before_it()
    {
        _server.Faults.AbortConnectionAfterBodyBytes(15);
        using var request = RawHttp.Request(HttpMethod.Post, "api/v1/b/data/batched/batch", new byte[30]);
        request.Headers.TryAddWithoutValidation("x-reduct-time-1", "10,");
        request.Headers.TryAddWithoutValidation("x-reduct-time-2", "10,");
        request.Headers.TryAddWithoutValidation("x-reduct-time-3", "10,");

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.SendAsync(request));

        Assert.Equal([1UL], _server.Storage.GetRecords("data", "batched").Select(r => r.Timestamp));
        using var retry = RawHttp.Request(HttpMethod.Post, "api/v1/b/data/batched/batch", new byte[30]);
        retry.Headers.TryAddWithoutValidation("x-reduct-time-1", "10,");
        retry.Headers.TryAddWithoutValidation("x-reduct-time-2", "10,");
        retry.Headers.TryAddWithoutValidation("x-reduct-time-3", "10,");
        using var response = await _client.SendAsync(retry);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "409,A record with timestamp 1 already exists" }, response.RecordErrors());
        Assert.Equal([1UL, 2UL, 3UL], _server.Storage.GetRecords("data", "batched").Select(r => r.Timestamp));
    }

    [Fact]
    public async Task Stalled_body_times_out_with_400()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { IoTimeout = TimeSpan.FromMilliseconds(300) });
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        using var exchange = await RawSocketExchange.ConnectAsync(server);

        await exchange.SendAsync("POST /api/v1/b/data/slow?ts=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
        var response = await exchange.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        Assert.Equal("Timeout while receiving data", response.Header("x-reduct-error"));
        await server.Statistics.WaitForIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        using var sameSize = await client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/slow?ts=1", new byte[10]));
        await RawHttp.AssertOkAsync(sameSize);
    }
}
