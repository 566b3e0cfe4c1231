using System.Net;
using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>The rules of <c>$meta</c> attachment entries (read-side spec §9.4), one by one, in raw HTTP.</summary>
public sealed class AttachmentRuleTests : IAsyncLifetime
{
    private ReductTestServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "1.20" });
        _client = RawHttp.CreateClient(_server);
        await _client.CreateBucketAsync("data");
        await _client.WriteRecordAsync("data", "cam", 100, [1]);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static Dictionary<string, string> Key(string key) => new() { ["key"] = key };

    private Task WriteAttachmentAsync(string entry, ulong ts, string key, string json = "{}") =>
        _client.WriteRecordAsync("data", entry, ts, System.Text.Encoding.UTF8.GetBytes(json), "application/json", Key(key));

    private async Task TombstoneAsync(string entry, ulong ts)
    {
        using var response = await _client.SendAsync(RawHttp.WithHeaders(HttpMethod.Patch, $"b/data/{entry}?ts={ts}", ("x-reduct-label-remove", "true")));
        await RawHttp.AssertOkAsync(response);
    }

    [Fact]
    public async Task A_write_needs_the_key_label_and_may_not_carry_remove_true_on_any_write_path()
    {
        using var noKey = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/cam/$meta?ts=1", [1]));
        using var single = RawHttp.WithHeaders(HttpMethod.Post, "b/data/cam/$meta?ts=2", ("x-reduct-label-key", "a"), ("x-reduct-label-remove", "true"));
        single.Content = new ByteArrayContent([1]);
        using var singleResponse = await _client.SendAsync(single);
        using var v2 = RawHttp.WithHeaders(HttpMethod.Post, "io/data/write",
            ("x-reduct-entries", "cam%2F$meta"), ("x-reduct-start-ts", "3"), ("x-reduct-labels", "key,remove"), ("x-reduct-0-0", "1,application/json,0=a,1=true"));
        v2.Content = new ByteArrayContent([1]);
        using var v2Response = await _client.SendAsync(v2);

        await RawHttp.AssertErrorAsync(noKey, 422, "System entry 'cam/$meta' records must contain label 'key'");
        await RawHttp.AssertErrorAsync(singleResponse, 422, "System entry 'cam/$meta' does not support writing records with label 'remove=true'; use record update");
        Assert.Equal(HttpStatusCode.OK, v2Response.StatusCode);
        Assert.Equal("422,System entry 'cam/$meta' does not support writing records with label 'remove=true'; use record update", v2Response.RecordErrors()["0-0"]);
        Assert.Empty(_server.Storage.GetRecords("data", "cam/$meta"));
    }

    [Fact]
    public async Task A_record_with_a_key_replaces_the_older_records_of_that_key_only()
    {
        await WriteAttachmentAsync("cam/$meta", 1, "calibration", """{"v":1}""");
        await WriteAttachmentAsync("cam/$meta", 2, "schema");
        await WriteAttachmentAsync("cam/$meta", 3, "calibration", """{"v":2}""");

        var records = _server.Storage.GetRecords("data", "cam/$meta");

        Assert.Equal([2UL, 3UL], records.Select(r => r.Timestamp));
        Assert.Equal("""{"v":2}""", System.Text.Encoding.UTF8.GetString(records[1].ReadData()));
    }

    [Fact]
    public async Task A_tombstone_stays_stored_and_readable_by_time_but_queries_hide_it_unless_they_ask_about_remove()
    {
        await WriteAttachmentAsync("cam/$meta", 1, "a");
        await WriteAttachmentAsync("cam/$meta", 2, "b");
        await TombstoneAsync("cam/$meta", 1);

        var hidden = await _client.ReadAllAsync("data", "cam/$meta", await _client.QueryAsync("data", "cam/$meta", """{"query_type":"QUERY"}"""));
        var asked = await _client.ReadAllAsync("data", "cam/$meta", await _client.QueryAsync("data", "cam/$meta", """{"query_type":"QUERY","include":{"remove":"true"}}"""));
        using var byTime = await _client.GetAsync("api/v1/b/data/cam/$meta?ts=1");

        Assert.Equal([2UL], hidden);
        Assert.Equal([1UL], asked);
        Assert.Equal(HttpStatusCode.OK, byTime.StatusCode);
        Assert.Equal("true", byTime.Header("x-reduct-label-remove"));
        Assert.Equal("true", _server.Storage.FindRecord("data", "cam/$meta", 1)!.Labels["remove"]);
    }

    [Fact]
    public async Task Attachment_entries_are_hidden_from_bucket_info_and_wildcards_but_selectable_by_exact_name()
    {
        await WriteAttachmentAsync("cam/$meta", 1, "a");

        using var info = JsonDocument.Parse(await _client.GetStringAsync("api/v1/b/data"));
        using var wildcard = await _client.ReadV2Async("data", await _client.QueryAsync("data", null, """{"query_type":"QUERY","entries":["*"]}"""));
        using var prefix = await _client.ReadV2Async("data", await _client.QueryAsync("data", null, """{"query_type":"QUERY","entries":["cam*"]}"""));
        using var exact = await _client.ReadV2Async("data", await _client.QueryAsync("data", null, """{"query_type":"QUERY","entries":["cam/$meta"]}"""));

        Assert.Equal(1, info.RootElement.GetProperty("info").GetProperty("entry_count").GetInt32());
        Assert.Equal(["cam"], info.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal("cam", wildcard.Header("x-reduct-entries"));
        Assert.Equal("cam", prefix.Header("x-reduct-entries"));
        Assert.Equal("cam%2F$meta", exact.Header("x-reduct-entries"));
    }

    [Fact]
    public async Task Attachments_move_with_a_renamed_parent_and_go_with_a_removed_one()
    {
        await WriteAttachmentAsync("cam/$meta", 1, "a");
        await _client.WriteRecordAsync("data", "other", 1, [1]);
        await WriteAttachmentAsync("other/$meta", 1, "b");

        using var rename = await _client.SendAsync(RawHttp.Request(HttpMethod.Put, "api/v1/b/data/cam/rename", """{"new_name":"camera"}"""u8.ToArray(), "application/json"));
        using var removal = await _client.DeleteAsync("api/v1/b/data/other");

        await RawHttp.AssertOkAsync(rename);
        await RawHttp.AssertOkAsync(removal);
        Assert.Empty(_server.Storage.GetRecords("data", "cam/$meta"));
        Assert.Equal([1UL], _server.Storage.GetRecords("data", "camera/$meta").Select(r => r.Timestamp));
        Assert.Empty(_server.Storage.GetRecords("data", "other/$meta"));
    }
}
