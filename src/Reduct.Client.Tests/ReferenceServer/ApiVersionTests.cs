using System.Net;
using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Behaviour that depends on the emulated API version.</summary>
public sealed class ApiVersionTests
{
    /// <summary>A server emulating <paramref name="version"/>, with a bucket <c>demo</c>.</summary>
    internal static async Task<ReductTestServer> StartAsync(string version)
    {
        var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("demo");
        return server;
    }

    private static HttpRequestMessage V2Batch(string bucket, string entries)
    {
        var request = RawHttp.Request(HttpMethod.Post, $"api/v1/io/{bucket}/write", "ab"u8.ToArray());
        request.Headers.TryAddWithoutValidation("x-reduct-entries", entries);
        request.Headers.TryAddWithoutValidation("x-reduct-start-ts", "1");
        request.Headers.TryAddWithoutValidation("x-reduct-0-0", "1,");
        request.Headers.TryAddWithoutValidation("x-reduct-1-0", "1,");
        return request;
    }

    [Fact]
    public async Task Version_1_17_reports_itself_and_lacks_ready_v2_hierarchy_and_status()
    {
        await using var server = await StartAsync("1.17");
        using var client = RawHttp.CreateClient(server);

        using var info = await client.GetAsync("api/v1/info");
        using var ready = await client.GetAsync("api/v1/ready");
        using var v2 = await client.SendAsync(V2Batch("demo", "a,b"));
        using var hierarchical = await client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/demo/a/b?ts=1", [1]));
        var bucket = await client.GetStringAsync("api/v1/b/demo");

        Assert.Equal("1.17", info.Header("x-reduct-api"));
        Assert.Equal("ReductStore 1.17.0", info.Header("Server"));
        using var json = JsonDocument.Parse(await info.Content.ReadAsStringAsync());
        Assert.Equal("1.17.0", json.RootElement.GetProperty("version").GetString());
        Assert.False(json.RootElement.TryGetProperty("instance_name", out _));
        Assert.False(json.RootElement.TryGetProperty("instance_role", out _));
        await RawHttp.AssertErrorAsync(ready, 404, "Not found");
        await RawHttp.AssertErrorAsync(v2, 404, "Not found");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, hierarchical.StatusCode);
        Assert.Null(hierarchical.Header("x-reduct-error"));
        Assert.DoesNotContain("\"status\"", bucket, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_1_17_reports_a_missing_bucket_in_a_v1_batch_for_the_whole_request()
    {
        await using var server = await StartAsync("1.17");
        using var client = RawHttp.CreateClient(server);
        using var request = RawHttp.Request(HttpMethod.Post, "api/v1/b/nope/e/batch", "a"u8.ToArray());
        request.Headers.TryAddWithoutValidation("x-reduct-time-1", "1,");

        using var response = await client.SendAsync(request);

        await RawHttp.AssertErrorAsync(response, 404, "Bucket 'nope' is not found");
    }

    [Fact]
    public async Task Version_1_17_ignores_x_reduct_content_length()
    {
        await using var server = await StartAsync("1.17");
        using var client = RawHttp.CreateClient(server);
        using var exchange = await RawSocketExchange.ConnectAsync(server);

        await exchange.SendAsync("POST /api/v1/b/demo/e?ts=1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nx-reduct-content-length: 1\r\n\r\n1\r\na\r\n0\r\n\r\n");
        var response = await exchange.ReadResponseAsync();

        Assert.Equal(422, response.Status);
        Assert.Equal("content-length header is required", response.Header("x-reduct-error"));
    }

    [Fact]
    public async Task Version_1_18_has_v2_and_ready_but_reports_a_missing_bucket_for_the_whole_request()
    {
        await using var server = await StartAsync("1.18");
        using var client = RawHttp.CreateClient(server);

        using var ready = await client.GetAsync("api/v1/ready");
        using var stored = await client.SendAsync(V2Batch("demo", "a,b"));
        using var missing = await client.SendAsync(V2Batch("nope", "a,b"));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        await RawHttp.AssertOkAsync(stored);
        Assert.Equal(2, server.Storage.CountRecords("demo"));
        await RawHttp.AssertErrorAsync(missing, 404, "Bucket 'nope' is not found");
    }

    [Fact]
    public async Task Version_1_18_accepts_empty_entry_names_and_fails_them_per_record()
    {
        await using var server = await StartAsync("1.18");
        using var client = RawHttp.CreateClient(server);

        using var response = await client.SendAsync(V2Batch("demo", ",b"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            new Dictionary<string, string> { ["0-0"] = "422,Bucket or entry name can contain only letters, digests and [-,_] symbols" },
            response.RecordErrors());
        Assert.Single(server.Storage.GetRecords("demo", "b"));
    }

    [Fact]
    public async Task Unparsable_api_version_is_rejected_at_start()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "latest" }));
    }
}
