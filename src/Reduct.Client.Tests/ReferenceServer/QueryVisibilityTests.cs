using System.Text;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Queries see records written by every path, and never records that are errored or still arriving.</summary>
public sealed class QueryVisibilityTests : ServerWithDataBucket
{
    [Fact]
    public async Task Records_written_by_single_v1_batch_and_v2_batch_writes_are_queryable()
    {
        await _client.WriteRecordAsync("data", "e", 1, "s"u8.ToArray(), "text/plain", new Dictionary<string, string> { ["via"] = "single" });
        using var v1 = RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e/batch", "v1"u8.ToArray());
        v1.Headers.TryAddWithoutValidation("x-reduct-time-2", "2,text/csv,via=v1");
        using var v1Response = await _client.SendAsync(v1);
        await RawHttp.AssertOkAsync(v1Response);
        using var v2 = RawHttp.Request(HttpMethod.Post, "api/v1/io/data/write", "v2!"u8.ToArray());
        v2.Headers.TryAddWithoutValidation("x-reduct-entries", "e");
        v2.Headers.TryAddWithoutValidation("x-reduct-start-ts", "3");
        v2.Headers.TryAddWithoutValidation("x-reduct-0-0", "3,application/json,via=v2");
        using var v2Response = await _client.SendAsync(v2);
        await RawHttp.AssertOkAsync(v2Response);
        var id = await _client.QueryAsync("data", "e", """{"query_type":"QUERY"}""");

        using var batch = await _client.ReadBatchAsync("data", "e", id);

        Assert.Equal("1,text/plain,via=single", batch.Header("x-reduct-time-1"));
        Assert.Equal("2,text/csv,via=v1", batch.Header("x-reduct-time-2"));
        Assert.Equal("3,application/json,via=v2", batch.Header("x-reduct-time-3"));
        Assert.Equal("sv1v2!", await batch.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Errored_and_in_progress_records_are_not_returned()
    {
        await _client.WriteNumberedAsync("data", "e", [1, 4]);
        using (var broken = await RawSocketExchange.ConnectAsync(_server))
        {
            await broken.SendAsync("POST /api/v1/b/data/e?ts=2 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
            Assert.Equal(100, (await broken.ReadResponseAsync()).Status);
            await broken.SendAsync("abc");
            broken.Reset();
        }

        await _server.Statistics.WaitForIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        using var arriving = await RawSocketExchange.ConnectAsync(_server);
        await arriving.SendAsync("POST /api/v1/b/data/e?ts=3 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        Assert.Equal(100, (await arriving.ReadResponseAsync()).Status);
        await arriving.SendAsync("ab");

        var during = await _client.ReadAllAsync("data", "e", await _client.QueryAsync("data", "e", """{"query_type":"QUERY","stop":10}"""));
        await arriving.SendAsync("cd");
        Assert.Equal(200, (await arriving.ReadResponseAsync()).Status);
        var after = await _client.ReadAllAsync("data", "e", await _client.QueryAsync("data", "e", """{"query_type":"QUERY","stop":10}"""));

        Assert.Equal([1UL, 4UL], during);
        Assert.Equal([1UL, 3UL, 4UL], after);
        Assert.Equal(Encoding.ASCII.GetBytes("abcd"), _server.Storage.FindRecord("data", "e", 3)!.ReadData());
    }

    [Fact]
    public async Task Without_bodies_a_batched_get_is_501_and_head_works()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { DiscardBodies = true });
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteNumberedAsync("data", "e", [1, 2]);
        var id = await client.QueryAsync("data", "e", """{"query_type":"QUERY","when":{"#batch_records":1}}""");

        using var get = await client.ReadBatchAsync("data", "e", id);
        using var head = await client.ReadBatchAsync("data", "e", id, head: true);

        await RawHttp.AssertErrorAsync(get, 501, "Record bodies are not kept by this server (DiscardBodies is set)");
        Assert.Equal([1UL], head.BatchTimestamps());
    }
}
