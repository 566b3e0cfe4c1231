using System.Net;
using System.Text;
using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>The lifecycle API (1.20+): its six routes, shapes and error texts, and the delete action applied on schedule.</summary>
public sealed class LifecycleApiTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<ReductTestServer> StartAsync(SteppedClock clock, string version = "1.20")
    {
        var options = new ReductTestServerOptions { ApiToken = "admin-secret", ApiVersion = version, TimeProvider = clock };
        options.Tokens.Add(new ReductTestToken("reader", "reader-secret") { Read = ["rm"] });
        var server = await ReductTestServer.StartAsync(options);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await admin.CreateBucketAsync("rm");
        return server;
    }

    private static ulong Micros(DateTimeOffset time) => (ulong)((time - DateTimeOffset.UnixEpoch).Ticks / 10);

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? body = null) =>
        client.SendAsync(RawHttp.Request(method, "api/v1/" + path, body is null ? null : Encoding.UTF8.GetBytes(body)));

    private static async Task OkAsync(HttpClient client, HttpMethod method, string path, string? body = null)
    {
        using var response = await SendAsync(client, method, path, body);
        await RawHttp.AssertOkAsync(response);
    }

    [Fact]
    public async Task Create_then_get_answers_the_info_and_the_settings_with_the_defaults_filled_in()
    {
        var clock = new SteppedClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");

        await OkAsync(admin, HttpMethod.Post, "lifecycles/lc1", """{"type":"delete","bucket":"rm","older_than":"30d"}""");

        Assert.Equal(
            """{"info":{"name":"lc1","is_provisioned":false,"is_running":true,"type":"delete","mode":"enabled","last_run":null},"settings":{"type":"delete","bucket":"rm","entries":[],"older_than":"30d","interval":"3600s","when":null,"mode":"enabled"}}""",
            await admin.GetStringAsync("api/v1/lifecycles/lc1"));
    }

    [Fact]
    public async Task The_list_holds_the_info_of_every_policy_and_the_settings_keep_the_text_given()
    {
        var clock = new SteppedClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await OkAsync(admin, HttpMethod.Post, "lifecycles/b-policy", """{"type":"delete","bucket":"rm","older_than":"1d 12h","interval":"15m","entries":["cam-*"],"when":{"&q":{"$lt":5}},"mode":"dry_run"}""");
        await OkAsync(admin, HttpMethod.Post, "lifecycles/a-policy", """{"type":"delete","bucket":"rm","older_than":"7d"}""");

        using var list = JsonDocument.Parse(await admin.GetStringAsync("api/v1/lifecycles"));
        using var full = JsonDocument.Parse(await admin.GetStringAsync("api/v1/lifecycles/b-policy"));

        Assert.Equal(["a-policy", "b-policy"], list.RootElement.GetProperty("lifecycles").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("dry_run", list.RootElement.GetProperty("lifecycles")[1].GetProperty("mode").GetString());
        Assert.Equal(
            """{"type":"delete","bucket":"rm","entries":["cam-*"],"older_than":"1d 12h","interval":"15m","when":{"&q":{"$lt":5}},"mode":"dry_run"}""",
            full.RootElement.GetProperty("settings").GetRawText());
    }

    [Fact]
    public async Task Errors_carry_the_real_servers_statuses_and_texts()
    {
        var clock = new SteppedClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await OkAsync(admin, HttpMethod.Post, "lifecycles/lc1", """{"type":"delete","bucket":"rm","older_than":"30d"}""");

        (HttpMethod Method, string Path, string? Body, int Status, string Message)[] cases =
        [
            (HttpMethod.Post, "lifecycles/lc1", """{"type":"delete","bucket":"rm","older_than":"30d"}""", 409, "Lifecycle 'lc1' already exists"),
            (HttpMethod.Get, "lifecycles/none", null, 404, "Lifecycle 'none' does not exist"),
            (HttpMethod.Put, "lifecycles/none", """{"type":"delete","bucket":"rm","older_than":"30d"}""", 404, "Lifecycle 'none' does not exist"),
            (HttpMethod.Patch, "lifecycles/none/mode", """{"mode":"disabled"}""", 404, "Lifecycle 'none' does not exist"),
            (HttpMethod.Delete, "lifecycles/none", null, 404, "Lifecycle 'none' does not exist"),
            (HttpMethod.Post, "lifecycles/lc2", """{"type":"delete","bucket":"gone","older_than":"30d"}""", 404, "Bucket 'gone' for lifecycle 'lc2' does not exist"),
            (HttpMethod.Post, "lifecycles/lc2", """{"type":"delete","bucket":"rm","older_than":"abc"}""", 422, "Invalid lifecycle older_than 'abc': [UnprocessableEntity] Invalid duration value: abc"),
            (HttpMethod.Post, "lifecycles/lc2", """{"type":"delete","bucket":"rm","older_than":"30d","interval":"0s"}""", 422, "Lifecycle interval '0s' is shorter than minimum allowed value of 10m"),
            (HttpMethod.Post, "lifecycles/lc2", """{"type":"delete","bucket":"rm","older_than":"30d","interval":"9m"}""", 422, "Lifecycle interval '9m' is shorter than minimum allowed value of 10m"),
            (HttpMethod.Post, "lifecycles/lc2", """{"type":"compress","bucket":"rm","older_than":"30d","when":{"&a":{"$eq":1}}}""", 422, "Lifecycle type 'compress' does not support 'when' condition"),
            (HttpMethod.Post, "lifecycles/lc2", """{"type":"delete","bucket":"rm","older_than":"30d","when":{"&a":{"$nope":1}}}""", 422, "Invalid lifecycle condition: Operator '$nope' not supported"),
            (HttpMethod.Post, "lifecycles/lc2", """{"type":"zip","bucket":"rm","older_than":"30d"}""", 422, "Invalid JSON: unknown variant `zip`, expected `delete` or `compress` at line 1 column 13"),
            (HttpMethod.Post, "lifecycles/lc2", """{"bucket":"rm","older_than":"30d"}""", 422, "Invalid JSON: missing field `type` at line 1 column 34"),
            (HttpMethod.Patch, "lifecycles/lc1/mode", """{"mode":"paused"}""", 422, "Invalid JSON: unknown variant `paused`, expected one of `enabled`, `disabled`, `dry_run` at line 1 column 16"),
        ];

        foreach (var (method, path, body, status, message) in cases)
        {
            using var response = await SendAsync(admin, method, path, body);
            await RawHttp.AssertErrorAsync(response, status, message);
        }

        using var list = JsonDocument.Parse(await admin.GetStringAsync("api/v1/lifecycles"));
        Assert.Single(list.RootElement.GetProperty("lifecycles").EnumerateArray());
    }

    [Fact]
    public async Task Compress_and_an_unknown_condition_operator_are_refused_not_ignored()
    {
        var clock = new SteppedClock(Start);
        await using var server = await StartAsync(clock, version: "1.21");
        using var admin = RawHttp.CreateClient(server, "admin-secret");

        using var compress = await SendAsync(admin, HttpMethod.Post, "lifecycles/c", """{"type":"compress","bucket":"rm","older_than":"30d"}""");
        using var processing = await SendAsync(admin, HttpMethod.Post, "lifecycles/p", """{"type":"delete","bucket":"rm","older_than":"30d","processing_interval":"1h"}""");

        await RawHttp.AssertErrorAsync(compress, 501, "Compress lifecycles are not implemented by the reference server");
        await RawHttp.AssertErrorAsync(processing, 501, "The reference server does not implement the lifecycle setting 'processing_interval'");
        using var list = JsonDocument.Parse(await admin.GetStringAsync("api/v1/lifecycles"));
        Assert.Empty(list.RootElement.GetProperty("lifecycles").EnumerateArray());
    }

    [Fact]
    public async Task Every_route_needs_full_access()
    {
        var clock = new SteppedClock(Start);
        await using var server = await StartAsync(clock);
        using var reader = RawHttp.CreateClient(server, "reader-secret");

        using var list = await SendAsync(reader, HttpMethod.Get, "lifecycles");
        using var create = await SendAsync(reader, HttpMethod.Post, "lifecycles/lc1", """{"type":"delete","bucket":"rm","older_than":"30d"}""");

        await RawHttp.AssertErrorAsync(list, 403, "Token 'reader' doesn't have full access");
        await RawHttp.AssertErrorAsync(create, 403, "Token 'reader' doesn't have full access");
    }

    [Fact]
    public async Task Mode_changes_and_a_put_without_mode_enables_the_policy_again()
    {
        var clock = new SteppedClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await OkAsync(admin, HttpMethod.Post, "lifecycles/lc1", """{"type":"delete","bucket":"rm","older_than":"30d"}""");

        await OkAsync(admin, HttpMethod.Patch, "lifecycles/lc1/mode", """{"mode":"disabled"}""");
        using var disabled = JsonDocument.Parse(await admin.GetStringAsync("api/v1/lifecycles/lc1"));
        await OkAsync(admin, HttpMethod.Put, "lifecycles/lc1", """{"type":"delete","bucket":"rm","older_than":"7d"}""");
        using var replaced = JsonDocument.Parse(await admin.GetStringAsync("api/v1/lifecycles/lc1"));
        await OkAsync(admin, HttpMethod.Delete, "lifecycles/lc1");
        using var afterRemoval = await SendAsync(admin, HttpMethod.Get, "lifecycles/lc1");

        Assert.Equal("disabled", disabled.RootElement.GetProperty("info").GetProperty("mode").GetString());
        Assert.Equal("disabled", disabled.RootElement.GetProperty("settings").GetProperty("mode").GetString());
        Assert.True(disabled.RootElement.GetProperty("info").GetProperty("is_running").GetBoolean());
        Assert.Equal("enabled", replaced.RootElement.GetProperty("info").GetProperty("mode").GetString());
        Assert.Equal("7d", replaced.RootElement.GetProperty("settings").GetProperty("older_than").GetString());
        Assert.Equal(HttpStatusCode.NotFound, afterRemoval.StatusCode);
    }

    [Fact]
    public async Task A_run_removes_records_older_than_the_limit_that_match_the_condition_and_keeps_the_rest()
    {
        var clock = new SteppedClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        var old = Micros(Start - TimeSpan.FromDays(40));
        var edge = Micros(Start - TimeSpan.FromDays(31));
        var recent = Micros(Start - TimeSpan.FromDays(29));
        foreach (var entry in new[] { "cam-1", "cam-2", "other" })
        {
            await admin.WriteRecordAsync("rm", entry, old, "a"u8.ToArray(), labels: new Dictionary<string, string> { ["keep"] = "no" });
            await admin.WriteRecordAsync("rm", entry, edge, "b"u8.ToArray(), labels: new Dictionary<string, string> { ["keep"] = "yes" });
            await admin.WriteRecordAsync("rm", entry, recent, "c"u8.ToArray(), labels: new Dictionary<string, string> { ["keep"] = "no" });
        }

        await admin.WriteRecordAsync("rm", "cam-1/$meta", old, "{}"u8.ToArray(), "application/json", new Dictionary<string, string> { ["key"] = "schema" });
        await OkAsync(admin, HttpMethod.Post, "lifecycles/lc1", """{"type":"delete","bucket":"rm","older_than":"30d","interval":"1h","entries":["cam-*"],"when":{"&keep":{"$eq":"no"}}}""");

        clock.Advance(TimeSpan.FromMinutes(59));
        var beforeInterval = server.Storage.CountRecords("rm");
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(10, beforeInterval);
        Assert.Equal([edge, recent], server.Storage.GetRecords("rm", "cam-1").Select(r => r.Timestamp));
        Assert.Equal([edge, recent], server.Storage.GetRecords("rm", "cam-2").Select(r => r.Timestamp));
        Assert.Equal([old, edge, recent], server.Storage.GetRecords("rm", "other").Select(r => r.Timestamp));
        Assert.Single(server.Storage.GetRecords("rm", "cam-1/$meta"));
        var run = Assert.Single(server.Statistics.LifecycleRuns);
        Assert.Equal(new ReductTestLifecycleRun("lc1", Start + TimeSpan.FromHours(1), false, 2, null), run);
        using var info = JsonDocument.Parse(await admin.GetStringAsync("api/v1/lifecycles/lc1"));
        Assert.Equal("2030-01-01T01:00:00.000000Z", info.RootElement.GetProperty("info").GetProperty("last_run").GetString());
    }

    [Fact]
    public async Task Runs_repeat_every_interval_and_take_records_as_they_grow_old()
    {
        var clock = new SteppedClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        var first = Micros(Start - TimeSpan.FromHours(23));
        var second = Micros(Start - TimeSpan.FromHours(22));
        await admin.WriteRecordAsync("rm", "e", first, "a"u8.ToArray());
        await admin.WriteRecordAsync("rm", "e", second, "b"u8.ToArray());
        await OkAsync(admin, HttpMethod.Post, "lifecycles/lc1", """{"type":"delete","bucket":"rm","older_than":"1d","interval":"1h"}""");

        clock.Advance(TimeSpan.FromHours(1));
        var afterFirstRun = server.Storage.GetRecords("rm", "e").Select(r => r.Timestamp).ToList();
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal([second], afterFirstRun);
        Assert.Empty(server.Storage.GetRecords("rm", "e"));
        Assert.Equal([1UL, 1UL], server.Statistics.LifecycleRuns.Select(r => r.Records));
    }

    [Fact]
    public async Task A_dry_run_counts_what_it_would_remove_and_removes_nothing_and_a_disabled_policy_does_not_run()
    {
        var clock = new SteppedClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await admin.WriteRecordAsync("rm", "e", Micros(Start - TimeSpan.FromDays(2)), "a"u8.ToArray());
        await admin.WriteRecordAsync("rm", "e", Micros(Start - TimeSpan.FromDays(3)), "b"u8.ToArray());
        await OkAsync(admin, HttpMethod.Post, "lifecycles/dry", """{"type":"delete","bucket":"rm","older_than":"1d","interval":"1h","mode":"dry_run"}""");
        await OkAsync(admin, HttpMethod.Post, "lifecycles/off", """{"type":"delete","bucket":"rm","older_than":"1d","interval":"1h","mode":"disabled"}""");

        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(2, server.Storage.CountRecords("rm"));
        var run = Assert.Single(server.Statistics.LifecycleRuns);
        Assert.Equal(new ReductTestLifecycleRun("dry", Start + TimeSpan.FromHours(1), true, 2, null), run);
        using var off = JsonDocument.Parse(await admin.GetStringAsync("api/v1/lifecycles/off"));
        Assert.Equal(JsonValueKind.Null, off.RootElement.GetProperty("info").GetProperty("last_run").ValueKind);
    }

    [Fact]
    public async Task A_removed_policy_stops_running()
    {
        var clock = new SteppedClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await admin.WriteRecordAsync("rm", "e", Micros(Start - TimeSpan.FromDays(2)), "a"u8.ToArray());
        await OkAsync(admin, HttpMethod.Post, "lifecycles/lc1", """{"type":"delete","bucket":"rm","older_than":"1d"}""");
        await OkAsync(admin, HttpMethod.Delete, "lifecycles/lc1");

        clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(1, server.Storage.CountRecords("rm"));
        Assert.Empty(server.Statistics.LifecycleRuns);
    }

    [Theory]
    [InlineData("1.19")]
    [InlineData("1.17")]
    public async Task Servers_before_1_20_have_no_lifecycle_routes(string version)
    {
        var clock = new SteppedClock(Start);
        await using var server = await StartAsync(clock, version);
        using var admin = RawHttp.CreateClient(server, "admin-secret");

        using var response = await SendAsync(admin, HttpMethod.Get, "lifecycles");

        await RawHttp.AssertErrorAsync(response, 404, "Not found");
    }
}
