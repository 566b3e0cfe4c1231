using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary><c>POST|GET /links/{file_name}</c> over raw HTTP: the bodies of each version, and the errors of §9.3.</summary>
public sealed class QueryLinkApiTests
{
    private const string Query = """{"query_type":"QUERY","start":10,"stop":30}""";
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly long ExpireAt = Start.AddHours(1).ToUnixTimeSeconds();

    [Fact]
    public async Task From_1_19_2_the_record_is_named_by_entry_and_timestamp_and_both_are_required()
    {
        await using var server = await StartAsync("1.19.2");
        using var admin = RawHttp.CreateClient(server, "admin-secret");

        using var missing = await admin.PostAsync("api/v1/links/f.bin", $$"""{"bucket":"data","entry":"e","query":{{Query}},"expire_at":{{ExpireAt}},"index":1}""");
        var link = await CreateAsync(admin, $$"""{"bucket":"data","entry":"e","record_entry":"e","record_timestamp":20,"query":{{Query}},"expire_at":{{ExpireAt}}}""");

        await RawHttp.AssertErrorAsync(missing, 422, "Both 'record_entry' and 'record_timestamp' must be provided in payload");
        using var anonymous = new HttpClient();
        Assert.Equal("second", await anonymous.GetStringAsync(link));
    }

    [Theory]
    [InlineData("1.17")]
    [InlineData("1.19.1")]
    public async Task Before_1_19_2_the_record_is_the_index_th_of_the_query_result(string version)
    {
        await using var server = await StartAsync(version);
        using var admin = RawHttp.CreateClient(server, "admin-secret");

        var first = await CreateAsync(admin, $$"""{"bucket":"data","entry":"e","query":{{Query}},"expire_at":{{ExpireAt}}}""");
        var second = await CreateAsync(admin, $$"""{"bucket":"data","entry":"e","record_entry":"e","record_timestamp":10,"index":1,"query":{{Query}},"expire_at":{{ExpireAt}}}""");
        var beyond = await CreateAsync(admin, $$"""{"bucket":"data","entry":"e","index":2,"query":{{Query}},"expire_at":{{ExpireAt}}}""");

        using var anonymous = new HttpClient();
        Assert.Equal("first", await anonymous.GetStringAsync(first));
        Assert.Equal("second", await anonymous.GetStringAsync(second));
        await AssertErrorAsync(anonymous, beyond, 404, "Record number out of range");
    }

    [Fact]
    public async Task Creation_errors_have_the_servers_texts()
    {
        await using var server = await StartAsync("1.21");
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        const string Identity = """ "record_entry":"e","record_timestamp":10,""";

        using var noExpiry = await admin.PostAsync("api/v1/links/f", $$"""{"bucket":"data","entry":"e",{{Identity}}"query":{{Query}}}""");
        using var removal = await admin.PostAsync("api/v1/links/f", $$"""{"bucket":"data","entry":"e",{{Identity}}"query":{"query_type":"REMOVE"},"expire_at":1}""");
        using var badBase = await admin.PostAsync("api/v1/links/f", $$"""{"bucket":"data","entry":"e",{{Identity}}"query":{{Query}},"expire_at":1,"base_url":"nowhere"}""");
        using var anonymous = await new HttpClient { BaseAddress = server.Url }.PostAsync("api/v1/links/f", new StringContent($$"""{"bucket":"data","entry":"e",{{Identity}}"query":{{Query}},"expire_at":1}"""));
        using var noName = await admin.PostAsync("api/v1/links/", $$"""{"bucket":"data","entry":"e",{{Identity}}"query":{{Query}},"expire_at":1}""");

        Assert.Equal(422, (int)noExpiry.StatusCode);
        Assert.StartsWith("Invalid JSON: missing field `expire_at`", Assert.Single(noExpiry.Headers.GetValues("x-reduct-error")), StringComparison.Ordinal);
        await RawHttp.AssertErrorAsync(removal, 422, "Only 'Query' type is supported for query links");
        await RawHttp.AssertErrorAsync(badBase, 422, "Invalid base_url provided for query link: relative URL without a base");
        await RawHttp.AssertErrorAsync(anonymous, 401, "No bearer token in request header");
        await RawHttp.AssertErrorAsync(noName, 404, "Not found");
    }

    [Fact]
    public async Task Download_errors_have_the_servers_texts()
    {
        await using var server = await StartAsync("1.21");
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        var link = await CreateAsync(admin, $$"""{"bucket":"data","entry":"e","record_entry":"e","record_timestamp":10,"query":{{Query}},"expire_at":{{ExpireAt}}}""");
        using var anonymous = new HttpClient();
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        Uri Without(string name) => new(link.GetLeftPart(UriPartial.Path) + "?" + string.Join('&', query.AllKeys.Where(k => k != name).Select(k => $"{k}={query[k]}")));

        foreach (var name in new[] { "ct", "s", "n", "i" })
        {
            await AssertErrorAsync(anonymous, Without(name), 422, $"Missing '{name}' parameter");
        }

        await AssertErrorAsync(anonymous, new Uri(Without("ct") + "&ct=a+b"), 422, "Invalid base64 in 'ct' parameter: Invalid input");
        await AssertErrorAsync(anonymous, new Uri(Without("i") + "&i=nobody"), 404, "Token 'nobody' doesn't exist");
        await AssertErrorAsync(anonymous, new Uri(link + "&ts=10"), 422, "Both 'e' and 'ts' parameters must be provided together");
        using var malformed = new HttpRequestMessage(HttpMethod.Get, link) { Headers = { { "Range", "items=0-1" } } };
        using var malformedResponse = await anonymous.SendAsync(malformed);
        await RawHttp.AssertErrorAsync(malformedResponse, 422, "Invalid Range header: 'items=0-1'");
        using var head = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, link));
        Assert.Equal(200, (int)head.StatusCode);
        Assert.Equal(5, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task The_issuer_must_still_read_the_bucket_and_an_expired_token_is_401()
    {
        var clock = new ManualClock(Start);
        await using var server = await StartAsync("1.21", clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        using var created = await admin.PostAsync("api/v1/tokens/short", $$"""{"permissions":{"full_access":false,"read":["data"],"write":[]},"expires_at":"{{Start.AddMinutes(10):yyyy-MM-ddTHH:mm:ssZ}}"}""");
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        using var issuer = RawHttp.CreateClient(server, json.RootElement.GetProperty("value").GetString());
        var link = await CreateAsync(issuer, $$"""{"bucket":"data","entry":"e","record_entry":"e","record_timestamp":10,"query":{{Query}},"expire_at":{{ExpireAt}}}""");
        using var anonymous = new HttpClient();
        Assert.Equal("first", await anonymous.GetStringAsync(link));

        clock.Advance(TimeSpan.FromMinutes(11));

        await AssertErrorAsync(anonymous, link, 401, "Token has expired");
    }

    [Fact]
    public async Task Without_authentication_links_work_with_an_empty_secret()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { TimeProvider = new ManualClock(Start) });
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteRecordAsync("data", "e", 10, "first"u8.ToArray());

        var link = await CreateAsync(client, $$"""{"bucket":"data","entry":"e","record_entry":"e","record_timestamp":10,"query":{{Query}},"expire_at":{{ExpireAt}}}""");

        Assert.Contains("&i=AUTHENTICATION-DISABLED&", link.Query, StringComparison.Ordinal);
        using var anonymous = new HttpClient();
        Assert.Equal("first", await anonymous.GetStringAsync(link));
    }

    private static async Task<Uri> CreateAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("api/v1/links/f.bin", body);
        await RawHttp.AssertOkAsync(response);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new Uri(json.RootElement.GetProperty("link").GetString()!);
    }

    private static async Task AssertErrorAsync(HttpClient client, Uri link, int status, string message)
    {
        using var response = await client.GetAsync(link);
        await RawHttp.AssertErrorAsync(response, status, message);
    }

    private static async Task<ReductTestServer> StartAsync(string version, ManualClock? clock = null)
    {
        var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = "admin-secret", ApiVersion = version, TimeProvider = clock ?? new ManualClock(Start) });
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await admin.CreateBucketAsync("data");
        await admin.WriteRecordAsync("data", "e", 10, "first"u8.ToArray());
        await admin.WriteRecordAsync("data", "e", 20, "second"u8.ToArray());
        return server;
    }
}
