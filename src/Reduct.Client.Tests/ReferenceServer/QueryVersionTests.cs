using System.Net;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Query routes and operators follow the emulated API version (reference §10, §11, §4.4).</summary>
public sealed class QueryVersionTests
{
    private static async Task<(ReductTestServer Server, HttpClient Client)> StartAsync(string version)
    {
        var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteNumberedAsync("data", "e", [1]);
        return (server, client);
    }

    [Fact]
    public async Task Json_queries_start_at_1_13_and_removal_queries_at_1_12()
    {
        var (server, client) = await StartAsync("1.11");
        await using var _ = server;
        using var __ = client;

        using var post = await client.PostAsync("api/v1/b/data/e/q", """{"query_type":"QUERY"}""");
        using var delete = await client.DeleteAsync("api/v1/b/data/e/q?start=1");
        using var get = await client.GetAsync("api/v1/b/data/e/q");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Null(post.Header("x-reduct-error"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        await RawHttp.AssertOkAsync(get);
    }

    [Fact]
    public async Task The_v2_query_routes_start_at_1_18()
    {
        var (server, client) = await StartAsync("1.17");
        await using var _ = server;
        using var __ = client;

        using var query = await client.PostAsync("api/v1/io/data/q", """{"query_type":"QUERY"}""");
        using var read = await client.ReadV2Async("data", 1);

        await RawHttp.AssertErrorAsync(query, 404, "Not found");
        await RawHttp.AssertErrorAsync(read, 404, "Not found");
    }

    [Fact]
    public async Task Operators_exist_from_the_version_that_brought_them()
    {
        var (server, client) = await StartAsync("1.14");
        await using var _ = server;
        using var __ = client;

        using var limit = await client.PostAsync("api/v1/b/data/e/q", """{"query_type":"QUERY","when":{"$limit":1}}""");
        var inList = await client.QueryAsync("data", "e", """{"query_type":"QUERY","when":{"$in":["&n",1,2]}}""");

        await RawHttp.AssertErrorAsync(limit, 422, "Operator '$limit' not supported");
        Assert.Equal([1UL], await client.ReadAllAsync("data", "e", inList));
    }
}
