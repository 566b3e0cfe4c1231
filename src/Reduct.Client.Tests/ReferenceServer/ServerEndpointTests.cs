using System.Net;
using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class ServerEndpointTests
{
    [Fact]
    public async Task Info_of_an_empty_server_reports_u64_max_as_oldest_record_and_version_headers()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);

        using var response = await client.GetAsync("api/v1/info");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1.21", response.Header("x-reduct-api"));
        Assert.Equal("ReductStore 1.21.0", response.Header("Server"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"oldest_record\":18446744073709551615", body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("1.21.0", root.GetProperty("version").GetString());
        Assert.Equal("STANDALONE", root.GetProperty("instance_role").GetString());
        Assert.True(root.TryGetProperty("instance_name", out _));
        Assert.Equal(0UL, root.GetProperty("bucket_count").GetUInt64());
        Assert.Equal(0UL, root.GetProperty("usage").GetUInt64());
        Assert.Equal(0UL, root.GetProperty("latest_record").GetUInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("license").ValueKind);
        var defaults = root.GetProperty("defaults").GetProperty("bucket");
        Assert.Equal("NONE", defaults.GetProperty("quota_type").GetString());
        Assert.Equal(0UL, defaults.GetProperty("quota_size").GetUInt64());
        Assert.Equal(64_000_000UL, defaults.GetProperty("max_block_size").GetUInt64());
        Assert.Equal(1024UL, defaults.GetProperty("max_block_records").GetUInt64());
    }

    [Fact]
    public async Task Info_reports_usage_and_time_range_of_stored_records()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteRecordAsync("data", "a", 1_000_000, new byte[8]);
        await client.WriteRecordAsync("data", "b", 2_000_000, new byte[8]);

        using var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/info"));

        var root = json.RootElement;
        Assert.Equal(1UL, root.GetProperty("bucket_count").GetUInt64());
        Assert.Equal(1_000_000UL, root.GetProperty("oldest_record").GetUInt64());
        Assert.Equal(2_000_000UL, root.GetProperty("latest_record").GetUInt64());
        Assert.True(root.GetProperty("usage").GetUInt64() >= 16);
    }

    [Fact]
    public async Task Alive_and_ready_answer_200_with_an_empty_body_without_a_token()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = "secret" });
        using var client = RawHttp.CreateClient(server);

        foreach (var path in new[] { "api/v1/alive", "api/v1/ready" })
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
            {
                using var response = await client.SendAsync(new HttpRequestMessage(method, path));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("1.21", response.Header("x-reduct-api"));
                Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            }
        }
    }

    [Fact]
    public async Task Unknown_paths_are_404_not_found()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = "secret" });
        using var client = RawHttp.CreateClient(server);

        foreach (var path in new[] { "api/v1/nothing", "api/v1/info/more", "api/v2/info", "ui/index.html", "api/v1/b/" })
        {
            using var response = await client.GetAsync(path);
            await RawHttp.AssertErrorAsync(response, 404, "Not found");
        }
    }

    [Fact]
    public async Task A_known_path_with_an_unsupported_method_is_a_bare_405()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);

        using var response = await client.PostAsync("api/v1/info");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Null(response.Header("x-reduct-error"));
    }

    [Fact]
    public async Task Base_path_moves_every_route_under_it()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { BasePath = "reduct" });
        using var client = RawHttp.CreateClient(server);

        Assert.EndsWith("/reduct/", server.Url.AbsoluteUri, StringComparison.Ordinal);
        using var inside = await client.GetAsync("api/v1/info");
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal("/reduct/api/v1/info", inside.RequestMessage!.RequestUri!.AbsolutePath);
        using var outside = await client.GetAsync("/api/v1/info");
        await RawHttp.AssertErrorAsync(outside, 404, "Not found");
    }

    [Fact]
    public async Task Me_returns_the_token_with_a_blank_value()
    {
        var options = new ReductTestServerOptions { ApiToken = "secret" };
        options.Tokens.Add(new ReductTestToken("reader", "reader-secret") { Read = ["data", "logs-*"] });
        await using var server = await ReductTestServer.StartAsync(options);
        using var client = RawHttp.CreateClient(server, "reader-secret");

        using var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/me"));

        var root = json.RootElement;
        Assert.Equal("reader", root.GetProperty("name").GetString());
        Assert.Equal(string.Empty, root.GetProperty("value").GetString());
        var permissions = root.GetProperty("permissions");
        Assert.False(permissions.GetProperty("full_access").GetBoolean());
        Assert.Equal(["data", "logs-*"], permissions.GetProperty("read").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(permissions.GetProperty("write").EnumerateArray());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("created_at").GetString(), out _));
    }

    [Fact]
    public async Task List_shows_only_buckets_the_token_can_read_sorted_by_name()
    {
        var options = new ReductTestServerOptions { ApiToken = "secret" };
        options.Tokens.Add(new ReductTestToken("reader", "reader-secret") { Read = ["cam-*"] });
        await using var server = await ReductTestServer.StartAsync(options);
        using var admin = RawHttp.CreateClient(server, "secret");
        foreach (var bucket in new[] { "cam-2", "logs", "cam-1" })
        {
            await admin.CreateBucketAsync(bucket);
        }

        using var reader = RawHttp.CreateClient(server, "reader-secret");
        using var json = JsonDocument.Parse(await reader.GetStringAsync("api/v1/list"));

        var buckets = json.RootElement.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(["cam-1", "cam-2"], buckets.Select(b => b.GetProperty("name").GetString()));
        var first = buckets[0];
        Assert.Equal(0UL, first.GetProperty("entry_count").GetUInt64());
        Assert.Equal(0UL, first.GetProperty("oldest_record").GetUInt64());
        Assert.False(first.GetProperty("is_provisioned").GetBoolean());
        Assert.Equal("READY", first.GetProperty("status").GetString());
    }
}
