using System.Text.Json;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Removal queries (reference §5.4, §5.5): <c>"query_type":"REMOVE"</c> and <c>DELETE .../q</c>.</summary>
public sealed class RemovalQueryTests : ServerWithDataBucket
{
    private async Task<string> RemoveAsync(string path, string json)
    {
        using var response = await _client.PostAsync(path, json);
        await RawHttp.AssertOkAsync(response);
        return await response.Content.ReadAsStringAsync();
    }

    private List<ulong> Stored(string entry) => _server.Storage.GetRecords("data", entry).Select(r => r.Timestamp).ToList();

    [Fact]
    public async Task A_removal_query_removes_what_it_selects_and_counts_it()
    {
        await _client.WriteNumberedAsync("data", "e", QueryHttp.Range(1, 6));

        var answer = await RemoveAsync("api/v1/b/data/e/q", """{"query_type":"REMOVE","start":2,"when":{"$in":["&n",2,4,5]}}""");

        Assert.Equal("{\"removed_records\":3}", answer);
        Assert.Equal([1UL, 3UL, 6UL], Stored("e"));
    }

    [Fact]
    public async Task A_removal_query_without_parameters_is_422_but_any_parameter_removes_everything()
    {
        await _client.WriteNumberedAsync("data", "e", QueryHttp.Range(1, 3));

        using var empty = await _client.PostAsync("api/v1/b/data/e/q", """{"query_type":"REMOVE"}""");
        using var legacyEmpty = await _client.DeleteAsync("api/v1/b/data/e/q");
        await RawHttp.AssertErrorAsync(empty, 422, "Define at least one query parameter to delete records");
        await RawHttp.AssertErrorAsync(legacyEmpty, 422, "Define at least one query parameter to delete records");
        Assert.Equal(3, Stored("e").Count);

        Assert.Equal("{\"removed_records\":3}", await RemoveAsync("api/v1/b/data/e/q", """{"query_type":"REMOVE","ttl":5,"continuous":true}"""));
        Assert.Empty(Stored("e"));
    }

    [Fact]
    public async Task The_legacy_form_removes_a_range()
    {
        await _client.WriteNumberedAsync("data", "e", QueryHttp.Range(1, 5));

        using var response = await _client.DeleteAsync("api/v1/b/data/e/q?start=2&stop=4");

        await RawHttp.AssertOkAsync(response);
        Assert.Equal("{\"removed_records\":2}", await response.Content.ReadAsStringAsync());
        Assert.Equal([1UL, 4UL, 5UL], Stored("e"));
    }

    [Fact]
    public async Task A_removal_query_on_a_missing_entry_creates_it_empty()
    {
        Assert.Equal("{\"removed_records\":0}", await RemoveAsync("api/v1/b/data/new/q", """{"query_type":"REMOVE","start":0}"""));

        using var info = await _client.GetAsync("api/v1/b/data");
        using var document = JsonDocument.Parse(await info.Content.ReadAsStringAsync());
        Assert.Contains(document.RootElement.GetProperty("entries").EnumerateArray(), e => e.GetProperty("name").GetString() == "new");
    }

    [Fact]
    public async Task The_legacy_form_refuses_meta_entries()
    {
        using var response = await _client.DeleteAsync("api/v1/b/data/cam/$meta/q?start=1");

        await RawHttp.AssertErrorAsync(response, 422, "Can't delete records from system entry 'cam/$meta'; use label update with remove=true");
    }

    [Fact]
    public async Task A_bucket_removal_query_sums_over_the_selected_entries_and_never_touches_meta_or_creates_entries()
    {
        // Entry selection as up to 1.20, where [] selects nothing.
        await _server.DisposeAsync();
        _client.Dispose();
        _server = await Reduct.Client.Testing.ReductTestServer.StartAsync(new Reduct.Client.Testing.ReductTestServerOptions { ApiVersion = "1.20" });
        _client = RawHttp.CreateClient(_server);
        await _client.CreateBucketAsync("data");
        await _client.WriteNumberedAsync("data", "cam/front", [1, 2]);
        await _client.WriteNumberedAsync("data", "cam/back", [1]);
        await _client.WriteNumberedAsync("data", "imu", [1]);
        await _client.WriteRecordAsync("data", "cam/$meta", 1, "m"u8.ToArray(), null, new Dictionary<string, string> { ["key"] = "k" });

        using var empty = await _client.PostAsync("api/v1/io/data/q", """{"query_type":"REMOVE"}""");
        var none = await RemoveAsync("api/v1/io/data/q", """{"query_type":"REMOVE","entries":[]}""");
        var cams = await RemoveAsync("api/v1/io/data/q", """{"query_type":"REMOVE","entries":["cam*","cam/$meta","ghost"],"start":0}""");

        await RawHttp.AssertErrorAsync(empty, 422, "Define at least one query parameter to delete records");
        Assert.Equal("{\"removed_records\":0}", none);
        Assert.Equal("{\"removed_records\":3}", cams);
        Assert.Empty(Stored("cam/front"));
        Assert.Empty(Stored("cam/back"));
        Assert.Equal([1UL], Stored("imu"));
        Assert.Single(Stored("cam/$meta"));
        using var info = await _client.GetAsync("api/v1/b/data");
        Assert.DoesNotContain("ghost", await info.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
