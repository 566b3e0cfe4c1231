using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class StatisticsTests
{
    [Fact]
    public async Task Counts_requests_head_bytes_as_parsed_and_body_bytes()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        server.Statistics.Reset();
        const string head =
            "POST /api/v1/b/data/e?ts=1 HTTP/1.1\r\n" +
            "Host: x\r\n" +
            "Content-Length: 5\r\n" +
            "x-reduct-label-a: b\r\n" +
            "\r\n";
        using var exchange = await RawSocketExchange.ConnectAsync(server);

        await exchange.SendAsync(head + "hello");
        Assert.Equal(200, (await exchange.ReadResponseAsync()).Status);

        Assert.Equal(1, server.Statistics.RequestCount);
        Assert.Equal(head.Length, server.Statistics.RequestHeadBytes);
        Assert.Equal(5, server.Statistics.BodyBytes);
        server.Statistics.Reset();
        Assert.Equal(0, server.Statistics.RequestCount);
        Assert.Equal(0, server.Statistics.RequestHeadBytes);
        Assert.Equal(0, server.Statistics.BodyBytes);
    }

    [Fact]
    public async Task Bytes_of_records_that_fail_in_a_batch_are_still_read()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteRecordAsync("data", "e", 1, new byte[10]);
        server.Statistics.Reset();
        using var request = RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e/batch", new byte[30]);
        request.Headers.TryAddWithoutValidation("x-reduct-time-1", "10,");
        request.Headers.TryAddWithoutValidation("x-reduct-time-2", "20,");

        using var response = await client.SendAsync(request);

        Assert.Equal(["1"], response.RecordErrors().Keys);
        Assert.Equal(30, server.Statistics.BodyBytes);
        Assert.Equal(20, server.Storage.FindRecord("data", "e", 2)!.Length);
    }
}
