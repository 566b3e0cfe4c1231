using System.Text;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>The header count and head size limits, enforced by Kestrel like hyper does on the real server.</summary>
public sealed class LimitTests
{
    private static string BatchHead(int recordHeaders, int padding = 0)
    {
        var head = new StringBuilder("POST /api/v1/b/demo/e/batch HTTP/1.1\r\nHost: x\r\n");
        for (var i = 1; i <= recordHeaders; i++)
        {
            head.Append("x-reduct-time-").Append(i).Append(": 0,\r\n");
        }

        if (padding > 0)
        {
            head.Append("x-padding: ").Append('p', padding).Append("\r\n");
        }

        return head.Append("Content-Length: 0\r\n\r\n").ToString();
    }

    [Fact]
    public async Task More_headers_than_max_batch_records_plus_15_is_431()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { MaxBatchRecords = 5 });
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("demo");
        using var exchange = await RawSocketExchange.ConnectAsync(server);

        // Host + Content-Length + 18 record headers = 20 = 5 + 15 headers: accepted.
        await exchange.SendAsync(BatchHead(18));
        var atLimit = await exchange.ReadResponseAsync();
        using var overLimitExchange = await RawSocketExchange.ConnectAsync(server);
        await overLimitExchange.SendAsync(BatchHead(19));
        var overLimit = await overLimitExchange.ReadResponseAsync();

        Assert.Equal(200, atLimit.Status);
        Assert.Equal(18, server.Storage.CountRecords("demo"));
        Assert.Equal(431, overLimit.Status);
        Assert.Null(overLimit.Header("x-reduct-error"));
    }

    [Fact]
    public async Task A_request_head_larger_than_the_limit_is_431()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { MaxRequestHeadSize = 4096 });
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("demo");
        using var small = await RawSocketExchange.ConnectAsync(server);
        using var large = await RawSocketExchange.ConnectAsync(server);

        await small.SendAsync(BatchHead(1, padding: 3000));
        var accepted = await small.ReadResponseAsync();
        await large.SendAsync(BatchHead(1, padding: 5000));
        var rejected = await large.ReadResponseAsync();

        Assert.Equal(200, accepted.Status);
        Assert.Equal(431, rejected.Status);
    }

    [Fact]
    public async Task Default_limits_accept_85_records_in_one_batch()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("demo");
        using var request = RawHttp.Request(HttpMethod.Post, "api/v1/b/demo/e/batch", new byte[85]);
        for (var i = 1; i <= 85; i++)
        {
            request.Headers.TryAddWithoutValidation($"x-reduct-time-{i}", "1,");
        }

        using var response = await client.SendAsync(request);

        await RawHttp.AssertOkAsync(response);
        Assert.Equal(85, server.Storage.CountRecords("demo"));
    }
}
