using System.Net;
using System.Net.Http.Headers;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class AuthTests : IAsyncLifetime
{
    private ReductTestServer _server = null!;

    public async Task InitializeAsync()
    {
        var options = new ReductTestServerOptions { ApiToken = "admin-secret" };
        options.Tokens.Add(new ReductTestToken("nothing", "nothing-secret"));
        options.Tokens.Add(new ReductTestToken("reader", "reader-secret") { Read = ["data"] });
        options.Tokens.Add(new ReductTestToken("writer", "writer-secret") { Write = ["data"] });
        options.Tokens.Add(new ReductTestToken("wildcard", "wildcard-secret") { Read = ["*"], Write = ["cam-*"] });
        _server = await ReductTestServer.StartAsync(options);
        using var admin = RawHttp.CreateClient(_server, "admin-secret");
        await admin.CreateBucketAsync("data");
        await admin.CreateBucketAsync("cam-1");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("bearer admin-secret")]
    [InlineData("Basic YWRtaW46c2VjcmV0")]
    public async Task Missing_or_malformed_bearer_header_is_401(string? authorization)
    {
        using var client = RawHttp.CreateClient(_server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/info");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);

        await RawHttp.AssertErrorAsync(response, 401, "No bearer token in request header");
        Assert.Equal("1.21", response.Header("x-reduct-api"));
    }

    [Fact]
    public async Task Empty_bearer_token_on_a_write_is_401()
    {
        using var client = RawHttp.CreateClient(_server);
        using var request = RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e?ts=1", [1, 2, 3]);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer ");

        using var response = await client.SendAsync(request);

        // The trailing space is optional whitespace in HTTP and is trimmed, leaving plain "Bearer".
        await RawHttp.AssertErrorAsync(response, 401, "No bearer token in request header");
        Assert.Empty(_server.Storage.GetRecords("data", "e"));
    }

    [Fact]
    public async Task Unknown_token_is_401_invalid_token()
    {
        using var client = RawHttp.CreateClient(_server, "wrong");

        using var response = await client.GetAsync("api/v1/info");

        await RawHttp.AssertErrorAsync(response, 401, "Invalid token");
    }

    [Fact]
    public async Task Bucket_management_needs_full_access()
    {
        using var client = RawHttp.CreateClient(_server, "writer-secret");

        using var create = await client.PostAsync("api/v1/b/new-bucket");
        using var update = await client.SendAsync(RawHttp.Request(HttpMethod.Put, "api/v1/b/data", "{}"u8.ToArray()));
        using var remove = await client.DeleteAsync("api/v1/b/data");

        await RawHttp.AssertErrorAsync(create, 403, "Token 'writer' doesn't have full access");
        await RawHttp.AssertErrorAsync(update, 403, "Token 'writer' doesn't have full access");
        await RawHttp.AssertErrorAsync(remove, 403, "Token 'writer' doesn't have full access");
        Assert.True(_server.Storage.BucketExists("data"));
        Assert.False(_server.Storage.BucketExists("new-bucket"));
    }

    [Fact]
    public async Task Write_only_token_cannot_read_bucket_info_but_can_write()
    {
        using var client = RawHttp.CreateClient(_server, "writer-secret");

        using var info = await client.GetAsync("api/v1/b/data");
        await RawHttp.AssertErrorAsync(info, 403, "Token 'writer' doesn't have read access to bucket 'data'");
        await client.WriteRecordAsync("data", "writer-entry", 1, [42]);
        Assert.NotNull(_server.Storage.FindRecord("data", "writer-entry", 1));
    }

    [Fact]
    public async Task Read_only_and_permissionless_tokens_cannot_write()
    {
        foreach (var (token, name) in new[] { ("reader-secret", "reader"), ("nothing-secret", "nothing") })
        {
            using var client = RawHttp.CreateClient(_server, token);
            using var response = await client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/denied?ts=1", [1]));
            await RawHttp.AssertErrorAsync(response, 403, $"Token '{name}' doesn't have write access to bucket 'data'");
        }

        Assert.Empty(_server.Storage.GetRecords("data", "denied"));
    }

    [Fact]
    public async Task Auth_is_checked_before_the_request_is_looked_at()
    {
        using var client = RawHttp.CreateClient(_server, "reader-secret");

        // Missing bucket, missing ts and a bad batch header: auth still answers first.
        using var single = await client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/missing/e", [1]));
        using var batch = new HttpRequestMessage(HttpMethod.Post, "api/v1/b/data/e/batch");
        batch.Headers.TryAddWithoutValidation("x-reduct-time-abc", "1,");
        using var batchResponse = await client.SendAsync(batch);

        await RawHttp.AssertErrorAsync(single, 403, "Token 'reader' doesn't have write access to bucket 'missing'");
        await RawHttp.AssertErrorAsync(batchResponse, 403, "Token 'reader' doesn't have write access to bucket 'data'");
    }

    [Fact]
    public async Task Head_bucket_is_allowed_for_any_valid_token()
    {
        using var client = RawHttp.CreateClient(_server, "nothing-secret");

        using var existing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/v1/b/data"));
        using var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/v1/b/missing"));

        Assert.Equal(HttpStatusCode.OK, existing.StatusCode);
        await RawHttp.AssertErrorAsync(missing, 404, "Bucket 'missing' is not found");
        Assert.Empty(await missing.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Wildcard_permissions_match_prefixes_but_never_system_buckets()
    {
        using var client = RawHttp.CreateClient(_server, "wildcard-secret");

        using var readData = await client.GetAsync("api/v1/b/data");
        // '$' buckets cannot be created through the API; auth answers before the missing bucket would.
        using var readSystem = await client.GetAsync("api/v1/b/$system");
        using var readMissing = await client.GetAsync("api/v1/b/other");
        using var writeCamera = await client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/cam-1/e?ts=1", [1]));
        using var writeData = await client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e?ts=1", [1]));
        var listed = await client.GetStringAsync("api/v1/list");

        Assert.Equal(HttpStatusCode.OK, readData.StatusCode);
        await RawHttp.AssertErrorAsync(readSystem, 403, "Token 'wildcard' doesn't have read access to bucket '$system'");
        await RawHttp.AssertOkAsync(writeCamera);
        await RawHttp.AssertErrorAsync(writeData, 403, "Token 'wildcard' doesn't have write access to bucket 'data'");
        await RawHttp.AssertErrorAsync(readMissing, 404, "Bucket 'other' is not found");
        Assert.Contains("\"cam-1\"", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_without_a_token_is_401()
    {
        using var client = RawHttp.CreateClient(_server);

        using var response = await client.GetAsync("api/v1/me");

        await RawHttp.AssertErrorAsync(response, 401, "No bearer token in request header");
    }

    [Fact]
    public async Task Without_an_api_token_every_request_passes()
    {
        await using var open = await ReductTestServer.StartAsync();
        using var client = new HttpClient { BaseAddress = open.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "anything");

        await client.CreateBucketAsync("free");
        var me = await client.GetStringAsync("api/v1/me");

        Assert.True(open.Storage.BucketExists("free"));
        Assert.Contains("\"full_access\":true", me, StringComparison.Ordinal);
    }
}
