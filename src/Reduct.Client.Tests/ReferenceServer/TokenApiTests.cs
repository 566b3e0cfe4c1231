using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>The token API: create, get, list, remove, rotate, and what created tokens may do.</summary>
public sealed class TokenApiTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<ReductTestServer> StartAsync(ManualClock? clock = null, string version = "1.21")
    {
        var options = new ReductTestServerOptions { ApiToken = "admin-secret", ApiVersion = version, TimeProvider = clock ?? new ManualClock(Start) };
        options.Tokens.Add(new ReductTestToken("configured", "configured-secret") { Read = ["data"] });
        var server = await ReductTestServer.StartAsync(options);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await admin.CreateBucketAsync("data");
        return server;
    }

    /// <summary>Creates a token with full access and returns the secret from the response.</summary>
    private static async Task<string> CreateAsync(HttpClient admin, string name, string body)
    {
        using var response = await admin.PostAsync($"api/v1/tokens/{name}", body);
        await RawHttp.AssertOkAsync(response);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("value").GetString()!;
    }

    [Fact]
    public async Task Create_answers_the_secret_and_its_creation_time_and_the_token_authenticates_at_once()
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");

        using var response = await admin.PostAsync("api/v1/tokens/device-1", """{"permissions":{"full_access":false,"read":["data"],"write":[]}}""");

        await RawHttp.AssertOkAsync(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var match = Regex.Match(body, "^\\{\"value\":\"(device-1-[0-9a-f]{32})\",\"created_at\":\"2030-01-01T00:00:00.000000Z\"\\}$");
        Assert.True(match.Success, body);
        using var device = RawHttp.CreateClient(server, match.Groups[1].Value);
        using var me = JsonDocument.Parse(await device.GetStringAsync("api/v1/me"));
        Assert.Equal("device-1", me.RootElement.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await device.GetAsync("api/v1/b/data")).StatusCode);
    }

    [Fact]
    public async Task Get_returns_every_field_of_the_token_with_the_secret_blanked()
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await CreateAsync(admin, "v2tok", """{"permissions":{"full_access":false,"read":["a*"],"write":["b"]},"expires_at":"2030-06-01T00:00:00Z","ttl":3600,"ip_allowlist":["127.0.0.1","10.0.0.0/8"]}""");

        var body = await admin.GetStringAsync("api/v1/tokens/v2tok");

        Assert.Equal(
            """{"name":"v2tok","value":"","created_at":"2030-01-01T00:00:00.000000Z","permissions":{"full_access":false,"read":["a*"],"write":["b"]},"is_provisioned":false,"expires_at":"2030-06-01T00:00:00.000000Z","ttl":3600,"last_access":null,"ip_allowlist":["127.0.0.1","10.0.0.0/8"],"is_expired":false}""",
            body);
    }

    [Fact]
    public async Task The_legacy_body_shape_and_an_empty_object_are_accepted()
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await CreateAsync(admin, "legacy", """{"full_access":false,"read":[],"write":["data"],"ip_allowlist":["127.0.0.1"]}""");
        await CreateAsync(admin, "empty", "{}");

        using var legacy = JsonDocument.Parse(await admin.GetStringAsync("api/v1/tokens/legacy"));
        using var empty = JsonDocument.Parse(await admin.GetStringAsync("api/v1/tokens/empty"));

        Assert.Equal(["data"], legacy.RootElement.GetProperty("permissions").GetProperty("write").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["127.0.0.1"], legacy.RootElement.GetProperty("ip_allowlist").EnumerateArray().Select(e => e.GetString()));
        var permissions = empty.RootElement.GetProperty("permissions");
        Assert.False(permissions.GetProperty("full_access").GetBoolean());
        Assert.Empty(permissions.GetProperty("read").EnumerateArray());
        Assert.Empty(permissions.GetProperty("write").EnumerateArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"permissions":{},"unknown":1}""")]
    [InlineData("""{"full_access":true,"expires_in":"5d"}""")]
    [InlineData("""{"expires_at":"2030-06-01T00:00:00Z"}""")]
    [InlineData("""{"permissions":"invalid"}""")]
    [InlineData("""{"permissions":{"full_access":"yes"}}""")]
    [InlineData("""{"read":[1]}""")]
    [InlineData("""{"read":null}""")]
    [InlineData("""{"permissions":{},"ttl":-1}""")]
    [InlineData("""{"permissions":{},"expires_at":"2030-06-01"}""")]
    [InlineData("""{"read":[],"read":[]}""")]
    public async Task A_body_of_neither_shape_is_422_invalid_body(string body)
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");

        using var response = await admin.PostAsync("api/v1/tokens/bad", body);

        await RawHttp.AssertErrorAsync(response, 422, "Invalid body");
        using var get = await admin.GetAsync("api/v1/tokens/bad");
        await RawHttp.AssertErrorAsync(get, 404, "Token 'bad' doesn't exist");
    }

    [Theory]
    [InlineData("*")]
    [InlineData("$system")]
    [InlineData("bucket_1")]
    [InlineData("bucket-*")]
    public async Task Permissions_may_name_buckets_wildcards_and_system_buckets(string permission)
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");

        await CreateAsync(admin, "ok", $$"""{"read":["{{permission}}"],"write":["{{permission}}"]}""");

        using var json = JsonDocument.Parse(await admin.GetStringAsync("api/v1/tokens/ok"));
        Assert.Equal(permission, json.RootElement.GetProperty("permissions").GetProperty("read")[0].GetString());
    }

    [Theory]
    [InlineData("""{"read":["%!"]}""", "Permission can contain only bucket names or wildcard '*', got '%!'")]
    [InlineData("""{"permissions":{"write":["a b"]}}""", "Permission can contain only bucket names or wildcard '*', got 'a b'")]
    [InlineData("""{"permissions":{},"ttl":0}""", "Token TTL must be greater than zero")]
    [InlineData("""{"permissions":{},"expires_at":"2029-12-31T23:59:59Z"}""", "Token expiration date must not be in the past")]
    public async Task Invalid_permissions_and_lifetimes_are_422_with_the_server_message(string body, string message)
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");

        using var response = await admin.PostAsync("api/v1/tokens/bad", body);

        await RawHttp.AssertErrorAsync(response, 422, message);
    }

    [Fact]
    public async Task Creating_an_existing_token_is_409()
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await CreateAsync(admin, "twice", "{}");

        using var again = await admin.PostAsync("api/v1/tokens/twice", "{}");
        using var init = await admin.PostAsync("api/v1/tokens/init-token", "{}");

        await RawHttp.AssertErrorAsync(again, 409, "Token 'twice' already exists");
        await RawHttp.AssertErrorAsync(init, 409, "Token 'init-token' already exists");
    }

    [Fact]
    public async Task Every_token_call_needs_full_access()
    {
        await using var server = await StartAsync();
        using var reader = RawHttp.CreateClient(server, "configured-secret");
        const string message = "Token 'configured' doesn't have full access";

        using var list = await reader.GetAsync("api/v1/tokens");
        using var get = await reader.GetAsync("api/v1/tokens/init-token");
        using var create = await reader.PostAsync("api/v1/tokens/mine", "{}");
        using var rotate = await reader.PostAsync("api/v1/tokens/configured/rotate");
        using var remove = await reader.DeleteAsync("api/v1/tokens/configured");

        foreach (var response in new[] { list, get, create, rotate, remove })
        {
            await RawHttp.AssertErrorAsync(response, 403, message);
        }
    }

    [Fact]
    public async Task A_create_body_is_judged_before_the_caller_as_the_server_extracts_it_first()
    {
        await using var server = await StartAsync();
        using var anonymous = RawHttp.CreateClient(server);

        using var badBody = await anonymous.PostAsync("api/v1/tokens/x", "not json");
        using var goodBody = await anonymous.PostAsync("api/v1/tokens/x", "{}");

        await RawHttp.AssertErrorAsync(badBody, 422, "Invalid body");
        await RawHttp.AssertErrorAsync(goodBody, 401, "No bearer token in request header");
    }

    [Fact]
    public async Task List_is_sorted_by_name_and_marks_start_up_tokens_provisioned()
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await CreateAsync(admin, "a-device", "{}");

        using var json = JsonDocument.Parse(await admin.GetStringAsync("api/v1/tokens"));

        var tokens = json.RootElement.GetProperty("tokens").EnumerateArray().ToList();
        Assert.Equal(["a-device", "configured", "init-token"], tokens.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([false, true, true], tokens.Select(t => t.GetProperty("is_provisioned").GetBoolean()));
        Assert.All(tokens, t => Assert.Equal(string.Empty, t.GetProperty("value").GetString()));
        Assert.True(tokens[2].GetProperty("permissions").GetProperty("full_access").GetBoolean());
    }

    [Fact]
    public async Task Me_shows_the_same_token_as_get()
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        var secret = await CreateAsync(admin, "same", """{"permissions":{"read":["data"]},"ttl":60}""");
        using var device = RawHttp.CreateClient(server, secret);

        var me = await device.GetStringAsync("api/v1/me");
        var get = await admin.GetStringAsync("api/v1/tokens/same");

        Assert.Equal(get, me);
        Assert.Contains("\"last_access\":\"2030-01-01T00:00:00.000000Z\"", me, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_only_token_cannot_read_and_a_wildcard_token_cannot_write_elsewhere()
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await admin.CreateBucketAsync("a-1");
        await admin.CreateBucketAsync("b");
        var writerSecret = await CreateAsync(admin, "writer", """{"permissions":{"write":["data"]}}""");
        var prefixSecret = await CreateAsync(admin, "prefix", """{"read":["a*"],"write":["a*"]}""");
        using var writer = RawHttp.CreateClient(server, writerSecret);
        using var prefix = RawHttp.CreateClient(server, prefixSecret);

        await writer.WriteRecordAsync("data", "e", 1, [1, 2, 3]);
        using var writerRead = await writer.GetAsync("api/v1/b/data/e?ts=1");
        using var writerInfo = await writer.GetAsync("api/v1/b/data");
        await prefix.WriteRecordAsync("a-1", "e", 1, [4]);
        using var prefixWrite = await prefix.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/b/e?ts=1", [5]));
        using var prefixRead = await prefix.GetAsync("api/v1/b/a-1/e?ts=1");
        using var prefixCreate = await prefix.PostAsync("api/v1/b/a-2");

        await RawHttp.AssertErrorAsync(writerRead, 403, "Token 'writer' doesn't have read access to bucket 'data'");
        await RawHttp.AssertErrorAsync(writerInfo, 403, "Token 'writer' doesn't have read access to bucket 'data'");
        await RawHttp.AssertErrorAsync(prefixWrite, 403, "Token 'prefix' doesn't have write access to bucket 'b'");
        await RawHttp.AssertErrorAsync(prefixCreate, 403, "Token 'prefix' doesn't have full access");
        Assert.Equal([4], await prefixRead.Content.ReadAsByteArrayAsync());
        Assert.Equal([1, 2, 3], server.Storage.FindRecord("data", "e", 1)!.ReadData());
        Assert.Empty(server.Storage.GetRecords("b", "e"));
    }

    [Fact]
    public async Task Remove_deletes_the_token_and_its_secret_stops_working()
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        var secret = await CreateAsync(admin, "gone", "{}");

        using var removed = await admin.DeleteAsync("api/v1/tokens/gone");
        using var device = RawHttp.CreateClient(server, secret);
        using var info = await device.GetAsync("api/v1/info");
        using var get = await admin.GetAsync("api/v1/tokens/gone");
        using var again = await admin.DeleteAsync("api/v1/tokens/gone");

        await RawHttp.AssertOkAsync(removed);
        Assert.Empty(await removed.Content.ReadAsByteArrayAsync());
        await RawHttp.AssertErrorAsync(info, 401, "Invalid token");
        await RawHttp.AssertErrorAsync(get, 404, "Token 'gone' doesn't exist");
        await RawHttp.AssertErrorAsync(again, 404, "Token 'gone' doesn't exist");
    }

    [Fact]
    public async Task Provisioned_tokens_cannot_be_removed()
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");

        using var init = await admin.DeleteAsync("api/v1/tokens/init-token");
        using var configured = await admin.DeleteAsync("api/v1/tokens/configured");

        await RawHttp.AssertErrorAsync(init, 409, "Can't remove provisioned token 'init-token'");
        await RawHttp.AssertErrorAsync(configured, 409, "Can't remove provisioned token 'configured'");
        using var stillThere = RawHttp.CreateClient(server, "configured-secret");
        Assert.Equal(HttpStatusCode.OK, (await stillThere.GetAsync("api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Rotate_issues_a_new_secret_and_the_old_one_stops_working()
    {
        var clock = new ManualClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        var oldSecret = await CreateAsync(admin, "rotating", """{"permissions":{"read":["data"]}}""");
        clock.Advance(TimeSpan.FromMinutes(5));

        using var response = await admin.PostAsync("api/v1/tokens/rotating/rotate");

        await RawHttp.AssertOkAsync(response);
        var body = await response.Content.ReadAsStringAsync();
        var match = Regex.Match(body, "^\\{\"value\":\"(rotating-[0-9a-f]{32})\",\"created_at\":\"2030-01-01T00:05:00.000000Z\"\\}$");
        Assert.True(match.Success, body);
        Assert.NotEqual(oldSecret, match.Groups[1].Value);
        using var old = RawHttp.CreateClient(server, oldSecret);
        using var rotated = RawHttp.CreateClient(server, match.Groups[1].Value);
        using var oldInfo = await old.GetAsync("api/v1/info");
        await RawHttp.AssertErrorAsync(oldInfo, 401, "Invalid token");
        Assert.Equal(HttpStatusCode.OK, (await rotated.GetAsync("api/v1/b/data")).StatusCode);
        using var json = JsonDocument.Parse(await admin.GetStringAsync("api/v1/tokens/rotating"));
        Assert.Equal("2030-01-01T00:05:00.000000Z", json.RootElement.GetProperty("created_at").GetString());
        Assert.Equal(["data"], json.RootElement.GetProperty("permissions").GetProperty("read").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Rotate_refuses_the_init_token_provisioned_missing_and_expired_tokens()
    {
        var clock = new ManualClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await CreateAsync(admin, "short", """{"permissions":{},"expires_at":"2030-01-01T00:01:00Z"}""");
        clock.Advance(TimeSpan.FromMinutes(1));

        using var init = await admin.PostAsync("api/v1/tokens/init-token/rotate");
        using var configured = await admin.PostAsync("api/v1/tokens/configured/rotate");
        using var missing = await admin.PostAsync("api/v1/tokens/missing/rotate");
        using var expired = await admin.PostAsync("api/v1/tokens/short/rotate");

        await RawHttp.AssertErrorAsync(init, 409, "Can't rotate init token");
        await RawHttp.AssertErrorAsync(configured, 409, "Can't rotate provisioned token 'configured'");
        await RawHttp.AssertErrorAsync(missing, 404, "Token 'missing' doesn't exist");
        await RawHttp.AssertErrorAsync(expired, 422, "Can't rotate expired token 'short'");
    }

    [Fact]
    public async Task A_token_past_its_expiry_date_is_401_and_reported_expired()
    {
        var clock = new ManualClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        var secret = await CreateAsync(admin, "dated", """{"permissions":{"read":["data"]},"expires_at":"2030-01-01T01:00:00+00:00"}""");
        using var device = RawHttp.CreateClient(server, secret);

        clock.Advance(TimeSpan.FromMinutes(59));
        using var before = await device.GetAsync("api/v1/b/data");
        clock.Advance(TimeSpan.FromMinutes(1));
        using var after = await device.GetAsync("api/v1/b/data");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await RawHttp.AssertErrorAsync(after, 401, "Token has expired");
        using var json = JsonDocument.Parse(await admin.GetStringAsync("api/v1/tokens/dated"));
        Assert.True(json.RootElement.GetProperty("is_expired").GetBoolean());
    }

    [Fact]
    public async Task A_ttl_token_expires_after_that_long_without_use()
    {
        var clock = new ManualClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        var secret = await CreateAsync(admin, "idle", """{"permissions":{"read":["data"]},"ttl":60}""");
        using var device = RawHttp.CreateClient(server, secret);

        clock.Advance(TimeSpan.FromSeconds(50));
        using var used = await device.GetAsync("api/v1/b/data");
        clock.Advance(TimeSpan.FromSeconds(60));
        using var stillAlive = await device.GetAsync("api/v1/b/data");
        clock.Advance(TimeSpan.FromSeconds(61));
        using var expired = await device.GetAsync("api/v1/b/data");

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillAlive.StatusCode);
        await RawHttp.AssertErrorAsync(expired, 401, "Token has expired");
        using var json = JsonDocument.Parse(await admin.GetStringAsync("api/v1/tokens/idle"));
        Assert.True(json.RootElement.GetProperty("is_expired").GetBoolean());
        Assert.Equal("2030-01-01T00:01:50.000000Z", json.RootElement.GetProperty("last_access").GetString());
    }

    [Fact]
    public async Task An_ip_allowlist_admits_listed_addresses_and_ranges_only()
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        var loopback = await CreateAsync(admin, "loopback", """{"permissions":{"read":["data"]},"ip_allowlist":["127.0.0.0/8"]}""");
        var office = await CreateAsync(admin, "office", """{"permissions":{"read":["data"]},"ip_allowlist":["10.0.0.0/8","nonsense"]}""");
        using var fromLoopback = RawHttp.CreateClient(server, loopback);
        using var fromOffice = RawHttp.CreateClient(server, office);

        using var allowed = await fromLoopback.GetAsync("api/v1/b/data");
        using var refused = await fromOffice.GetAsync("api/v1/b/data");
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "api/v1/b/data");
        forwarded.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.1.2.3, 192.0.2.1");
        using var viaProxy = await fromOffice.SendAsync(forwarded);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await RawHttp.AssertErrorAsync(refused, 401, "Token is not allowed for client IP 127.0.0.1");
        Assert.Equal(HttpStatusCode.OK, viaProxy.StatusCode);
    }

    [Fact]
    public async Task Without_authentication_the_token_api_answers_like_the_disabled_repository()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);

        var list = await client.GetStringAsync("api/v1/tokens");
        using var get = await client.GetAsync("api/v1/tokens/any");
        using var create = await client.PostAsync("api/v1/tokens/any", "{}");
        using var rotate = await client.PostAsync("api/v1/tokens/any/rotate");
        using var remove = await client.DeleteAsync("api/v1/tokens/any");
        using var invalid = await client.PostAsync("api/v1/tokens/any", "[]");

        Assert.Equal("""{"tokens":[]}""", list);
        await RawHttp.AssertErrorAsync(get, 400, "Authentication is disabled");
        await RawHttp.AssertErrorAsync(create, 400, "Authentication is disabled");
        await RawHttp.AssertErrorAsync(rotate, 400, "Authentication is disabled");
        await RawHttp.AssertOkAsync(remove);
        await RawHttp.AssertErrorAsync(invalid, 422, "Invalid body");
    }

    [Fact]
    public async Task Version_1_18_has_no_rotate_no_lifetime_fields_and_no_lifetime_body()
    {
        await using var server = await StartAsync(version: "1.18");
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await CreateAsync(admin, "old", """{"full_access":false,"read":["data"],"write":[]}""");

        using var rotate = await admin.PostAsync("api/v1/tokens/old/rotate");
        using var ttl = await admin.PostAsync("api/v1/tokens/new", """{"permissions":{},"ttl":60}""");
        var body = await admin.GetStringAsync("api/v1/tokens/old");

        await RawHttp.AssertErrorAsync(rotate, 404, "Not found");
        // Before 1.19 the body is the permissions object itself, all three fields required (serde's error).
        await RawHttp.AssertErrorAsync(ttl, 422, "Invalid JSON: missing field `full_access` at line 1 column 27");
        Assert.Equal(
            """{"name":"old","value":"","created_at":"2030-01-01T00:00:00.000000Z","permissions":{"full_access":false,"read":["data"],"write":[]},"is_provisioned":false}""",
            body);
    }

    [Fact]
    public async Task Version_1_18_reads_the_permissions_object_itself_with_every_field_required()
    {
        await using var server = await StartAsync(version: "1.18");
        using var admin = RawHttp.CreateClient(server, "admin-secret");

        var secret = await CreateAsync(admin, "extra", """{"full_access":true,"read":[],"write":["data"],"note":"ignored"}""");
        using var partial = await admin.PostAsync("api/v1/tokens/partial", """{"read":[],"write":[]}""");
        using var empty = await admin.PostAsync("api/v1/tokens/empty", "{}");

        using var created = RawHttp.CreateClient(server, secret);
        using var json = JsonDocument.Parse(await admin.GetStringAsync("api/v1/tokens/extra"));
        Assert.True(json.RootElement.GetProperty("permissions").GetProperty("full_access").GetBoolean());
        await RawHttp.AssertOkAsync(await created.GetAsync("api/v1/tokens"));
        await RawHttp.AssertErrorAsync(partial, 422, "Invalid JSON: missing field `full_access` at line 1 column 22");
        await RawHttp.AssertErrorAsync(empty, 422, "Invalid JSON: missing field `full_access` at line 1 column 2");
    }

    [Fact]
    public async Task Unsupported_methods_on_token_routes_are_a_bare_405_and_deeper_paths_404()
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");

        using var put = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, "api/v1/tokens/x"));
        using var postList = await admin.PostAsync("api/v1/tokens");
        using var getRotate = await admin.GetAsync("api/v1/tokens/x/rotate");
        using var deeper = await admin.GetAsync("api/v1/tokens/x/y/z");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, postList.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, getRotate.StatusCode);
        Assert.Null(put.Header("x-reduct-error"));
        await RawHttp.AssertErrorAsync(deeper, 404, "Not found");
    }

    [Fact]
    public async Task Removing_a_bucket_removes_it_from_token_permissions()
    {
        await using var server = await StartAsync();
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await admin.CreateBucketAsync("temp");
        await CreateAsync(admin, "scoped", """{"read":["temp","data","te*"],"write":["temp"]}""");

        using var removed = await admin.DeleteAsync("api/v1/b/temp");

        await RawHttp.AssertOkAsync(removed);
        using var json = JsonDocument.Parse(await admin.GetStringAsync("api/v1/tokens/scoped"));
        var permissions = json.RootElement.GetProperty("permissions");
        Assert.Equal(["data", "te*"], permissions.GetProperty("read").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(permissions.GetProperty("write").EnumerateArray());
    }
}
