using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>What a query selects: the legacy filter fields (up to 1.20, ignored from 1.21) and <c>when</c> (§2.3, §4, §12).</summary>
public sealed class QueryFilterTests
{
    private static async Task<(ReductTestServer Server, HttpClient Client)> StartAsync(string version)
    {
        var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteNumberedAsync("data", "e", QueryHttp.Range(1, 10));
        return (server, client);
    }

    private static async Task<List<ulong>> SelectAsync(HttpClient client, string json) =>
        await client.ReadAllAsync("data", "e", await client.QueryAsync("data", "e", json));

    [Fact]
    public async Task Legacy_fields_filter_up_to_1_20()
    {
        var (server, client) = await StartAsync("1.20");
        await using var _ = server;
        using var __ = client;

        Assert.Equal([3UL], await SelectAsync(client, """{"query_type":"QUERY","include":{"n":"3"}}"""));
        Assert.Equal(QueryHttp.Range(1, 10).Where(t => t != 4), await SelectAsync(client, """{"query_type":"QUERY","exclude":{"n":"4"}}"""));
        Assert.Equal([1UL, 4UL, 7UL, 10UL], await SelectAsync(client, """{"query_type":"QUERY","each_n":3}"""));
        Assert.Equal([1UL, 5UL, 9UL], await SelectAsync(client, """{"query_type":"QUERY","each_s":0.000004}"""));
        Assert.Equal([1UL, 2UL, 3UL], await SelectAsync(client, """{"query_type":"QUERY","limit":3}"""));
    }

    [Fact]
    public async Task Legacy_query_string_filters_up_to_1_20()
    {
        var (server, client) = await StartAsync("1.20");
        await using var _ = server;
        using var __ = client;
        using var response = await client.GetAsync("api/v1/b/data/e/q?include-n=5&limit=1");
        using var id = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal([5UL], await client.ReadAllAsync("data", "e", id.RootElement.GetProperty("id").GetUInt64()));
    }

    [Theory]
    [InlineData("each_n=x", "'each_n' must unsigned integer")]
    [InlineData("each_n=0", "'each_n' must be greater than 0")]
    [InlineData("each_s=x", "'each_s' must be a float value")]
    [InlineData("each_s=0", "Time must be greater than 0 seconds")]
    [InlineData("limit=-1", "'limit' must unsigned integer")]
    public async Task Legacy_query_string_values_that_do_not_parse_are_422(string query, string message)
    {
        var (server, client) = await StartAsync("1.20");
        await using var _ = server;
        using var __ = client;

        using var response = await client.GetAsync("api/v1/b/data/e/q?" + query);

        await RawHttp.AssertErrorAsync(response, 422, message);
    }

    [Theory]
    [InlineData("""{"query_type":"QUERY","each_n":0}""", "'each_n' must be greater than 0")]
    [InlineData("""{"query_type":"QUERY","each_s":0}""", "Time must be greater than 0 seconds")]
    [InlineData("""{"query_type":"QUERY","each_s":-1.5}""", "Time must be greater than 0 seconds")]
    [InlineData("""{"query_type":"QUERY","when":{"&n":{"$gt":18446744073709551615}}}""", "Integer 18446744073709551615 does not fit in a signed 64-bit integer")]
    [InlineData("""{"query_type":"QUERY","when":{"#select_labels":[{"a":1}]}}""", "Directive '#select_labels' must hold only scalar values")]
    public async Task Values_that_crash_the_real_server_are_422_here(string json, string message)
    {
        var (server, client) = await StartAsync("1.20");
        await using var _ = server;
        using var __ = client;

        using var response = await client.PostAsync("api/v1/b/data/e/q", json);

        await RawHttp.AssertErrorAsync(response, 422, message);
    }

    [Fact]
    public async Task From_1_21_the_legacy_fields_are_ignored()
    {
        var (server, client) = await StartAsync("1.21");
        await using var _ = server;
        using var __ = client;

        Assert.Equal(10, (await SelectAsync(client, """{"query_type":"QUERY","limit":3,"include":{"n":"3"},"each_n":0}""")).Count);
        using var response = await client.GetAsync("api/v1/b/data/e/q?limit=1&include-n=3&each_n=0");
        using var id = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(10, (await client.ReadAllAsync("data", "e", id.RootElement.GetProperty("id").GetUInt64())).Count);
    }

    [Fact]
    public async Task When_compares_typed_label_values()
    {
        var (server, client) = await StartAsync("1.20");
        await using var _ = server;
        using var __ = client;

        Assert.Empty(await SelectAsync(client, """{"query_type":"QUERY","when":{"&n":{"$lt":"5"}}}"""));
        Assert.Equal([1UL, 2UL, 3UL, 4UL], await SelectAsync(client, """{"query_type":"QUERY","when":{"&n":{"$lt":5}}}"""));
    }

    [Fact]
    public async Task When_members_run_in_key_order()
    {
        var (server, client) = await StartAsync("1.20");
        await using var _ = server;
        using var __ = client;

        Assert.Equal([2UL, 3UL], await SelectAsync(client, """{"query_type":"QUERY","when":{"&n":{"$ne":1},"$limit":2}}"""));
        Assert.Equal([2UL], await SelectAsync(client, """{"query_type":"QUERY","when":{"$limit":2,"&n":{"$ne":1}}}"""));
        Assert.Equal([1UL, 2UL], await SelectAsync(client, """{"query_type":"QUERY","when":{"&n":{"$gt":8},"&n":{"$lt":3}}}"""));
    }

    [Fact]
    public async Task A_missing_label_excludes_records_unless_strict_which_fails_the_read_but_not_the_post()
    {
        var (server, client) = await StartAsync("1.20");
        await using var _ = server;
        using var __ = client;
        await client.WriteRecordAsync("data", "mixed", 1, "a"u8.ToArray(), null, new Dictionary<string, string> { ["seq"] = "1" });
        await client.WriteRecordAsync("data", "mixed", 2, "b"u8.ToArray());

        var lenient = await client.QueryAsync("data", "mixed", """{"query_type":"QUERY","when":{"&seq":{"$gte":0}}}""");
        var strict = await client.QueryAsync("data", "mixed", """{"query_type":"QUERY","strict":true,"when":{"&seq":{"$gte":0}}}""");
        using var failed = await client.ReadBatchAsync("data", "mixed", strict);

        Assert.Equal([1UL], await client.ReadAllAsync("data", "mixed", lenient));
        await RawHttp.AssertErrorAsync(failed, 404, "Reference 'seq' not found");
    }

    [Fact]
    public async Task Select_labels_returns_only_the_named_labels()
    {
        var (server, client) = await StartAsync("1.20");
        await using var _ = server;
        using var __ = client;
        await client.WriteRecordAsync("data", "l", 1, "a"u8.ToArray(), null, new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" });
        var id = await client.QueryAsync("data", "l", """{"query_type":"QUERY","when":{"#select_labels":["c","a"]}}""");

        using var response = await client.ReadBatchAsync("data", "l", id);

        Assert.Equal("1,application/octet-stream,a=1,c=3", response.Header("x-reduct-time-1"));
    }
}
