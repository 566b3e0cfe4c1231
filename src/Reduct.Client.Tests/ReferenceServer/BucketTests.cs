using System.Net;
using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class BucketTests
{
    private static async Task<JsonElement> GetBucketAsync(HttpClient client, string bucket)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync($"api/v1/b/{bucket}"));
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task Create_without_a_body_applies_the_defaults()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);

        using var created = await client.PostAsync("api/v1/b/data");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Empty(await created.Content.ReadAsByteArrayAsync());
        var bucket = await GetBucketAsync(client, "data");

        var settings = bucket.GetProperty("settings");
        Assert.Equal("NONE", settings.GetProperty("quota_type").GetString());
        Assert.Equal(0UL, settings.GetProperty("quota_size").GetUInt64());
        Assert.Equal(64_000_000UL, settings.GetProperty("max_block_size").GetUInt64());
        Assert.Equal(1024UL, settings.GetProperty("max_block_records").GetUInt64());
        var info = bucket.GetProperty("info");
        Assert.Equal("data", info.GetProperty("name").GetString());
        Assert.Equal("READY", info.GetProperty("status").GetString());
        Assert.Equal(0UL, info.GetProperty("oldest_record").GetUInt64());
        Assert.Empty(bucket.GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task Create_with_partial_settings_fills_in_defaults_and_null_means_default()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);

        await client.CreateBucketAsync("small", "{\"max_block_size\":500,\"unknown_field\":[1,2]}");
        await client.CreateBucketAsync("nulls", "{\"quota_type\": null}");
        var small = (await GetBucketAsync(client, "small")).GetProperty("settings");
        var nulls = (await GetBucketAsync(client, "nulls")).GetProperty("settings");

        Assert.Equal(500UL, small.GetProperty("max_block_size").GetUInt64());
        Assert.Equal(1024UL, small.GetProperty("max_block_records").GetUInt64());
        Assert.Equal("NONE", small.GetProperty("quota_type").GetString());
        Assert.Equal("NONE", nulls.GetProperty("quota_type").GetString());
    }

    [Theory]
    [InlineData("xxx", "Invalid JSON: expected value at line 1 column 1")]
    [InlineData("{\"quota_type\": 1}", "Invalid JSON: expected value at line 1 column 16")]
    [InlineData("{\"quota_type\":\"UNKNOWN\"}", "Invalid JSON: unknown variant `UNKNOWN`, expected one of `NONE`, `FIFO`, `HARD` at line 1 column 23")]
    public async Task Create_with_invalid_json_is_422(string body, string message)
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);

        using var response = await client.PostAsync("api/v1/b/data", body);

        await RawHttp.AssertErrorAsync(response, 422, message);
        Assert.False(server.Storage.BucketExists("data"));
    }

    [Fact]
    public async Task Create_twice_is_409_and_bad_names_are_422()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");

        using var twice = await client.PostAsync("api/v1/b/data");
        using var badName = await client.PostAsync("api/v1/b/bad.name");

        await RawHttp.AssertErrorAsync(twice, 409, "Bucket 'data' already exists");
        await RawHttp.AssertErrorAsync(badName, 422, "Bucket or entry name can contain only letters, digests and [-,_] symbols");
    }

    [Fact]
    public async Task Update_is_partial_and_keeps_fields_left_out()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");

        using var response = await client.SendAsync(RawHttp.Request(HttpMethod.Put, "api/v1/b/data", "{\"max_block_size\":1000,\"quota_type\":\"FIFO\"}"u8.ToArray()));
        await RawHttp.AssertOkAsync(response);
        var settings = (await GetBucketAsync(client, "data")).GetProperty("settings");

        Assert.Equal(1000UL, settings.GetProperty("max_block_size").GetUInt64());
        Assert.Equal("FIFO", settings.GetProperty("quota_type").GetString());
        Assert.Equal(0UL, settings.GetProperty("quota_size").GetUInt64());
        Assert.Equal(1024UL, settings.GetProperty("max_block_records").GetUInt64());
    }

    [Fact]
    public async Task Update_with_bad_json_is_422_and_of_a_missing_bucket_is_404()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");

        using var badJson = await client.SendAsync(RawHttp.Request(HttpMethod.Put, "api/v1/b/data", "NOT_JSON"u8.ToArray()));
        using var missing = await client.SendAsync(RawHttp.Request(HttpMethod.Put, "api/v1/b/missing", "{}"u8.ToArray()));

        Assert.Equal(422, (int)badJson.StatusCode);
        Assert.StartsWith("Invalid JSON: ", badJson.Header("x-reduct-error"), StringComparison.Ordinal);
        await RawHttp.AssertErrorAsync(missing, 404, "Bucket 'missing' is not found");
    }

    [Fact]
    public async Task Delete_removes_the_bucket_and_its_records()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteRecordAsync("data", "e", 1, [1]);

        using var deleted = await client.DeleteAsync("api/v1/b/data");
        using var get = await client.GetAsync("api/v1/b/data");
        using var again = await client.DeleteAsync("api/v1/b/data");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await RawHttp.AssertErrorAsync(get, 404, "Bucket 'data' is not found");
        await RawHttp.AssertErrorAsync(again, 404, "Bucket 'data' is not found");
        Assert.False(server.Storage.BucketExists("data"));
        Assert.Empty(server.Storage.GetRecords("data", "e"));
    }

    [Fact]
    public async Task Bucket_info_lists_entries_sorted_with_sizes_counts_and_time_range()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteRecordAsync("data", "zeta", 30, new byte[8]);
        await client.WriteRecordAsync("data", "alpha", 20, new byte[8]);
        await client.WriteRecordAsync("data", "alpha", 10, new byte[4]);

        var bucket = await GetBucketAsync(client, "data");

        var entries = bucket.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["alpha", "zeta"], entries.Select(e => e.GetProperty("name").GetString()));
        var alpha = entries[0];
        Assert.Equal(2UL, alpha.GetProperty("record_count").GetUInt64());
        Assert.Equal(1UL, alpha.GetProperty("block_count").GetUInt64());
        Assert.Equal(10UL, alpha.GetProperty("oldest_record").GetUInt64());
        Assert.Equal(20UL, alpha.GetProperty("latest_record").GetUInt64());
        Assert.True(alpha.GetProperty("size").GetUInt64() > 12, "size includes storage overhead");
        Assert.Equal("READY", alpha.GetProperty("status").GetString());
        var info = bucket.GetProperty("info");
        Assert.Equal(2UL, info.GetProperty("entry_count").GetUInt64());
        Assert.Equal(10UL, info.GetProperty("oldest_record").GetUInt64());
        Assert.Equal(30UL, info.GetProperty("latest_record").GetUInt64());
        Assert.Equal(entries.Sum(e => (long)e.GetProperty("size").GetUInt64()), (long)info.GetProperty("size").GetUInt64());
    }

    [Fact]
    public async Task Hard_quota_rejects_writes_beyond_it_and_fifo_quota_evicts_oldest_records()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("hard", "{\"quota_type\":\"HARD\",\"quota_size\":100}");
        await client.CreateBucketAsync("fifo", "{\"quota_type\":\"FIFO\",\"quota_size\":100}");

        await client.WriteRecordAsync("hard", "e", 1, new byte[50]);
        using var overQuota = await client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/hard/e?ts=2", new byte[60]));
        await client.WriteRecordAsync("fifo", "e", 1, new byte[50]);
        await client.WriteRecordAsync("fifo", "e", 2, new byte[60]);

        await RawHttp.AssertErrorAsync(overQuota, 400, "Quota of 'hard' exceeded");
        Assert.Null(server.Storage.FindRecord("fifo", "e", 1));
        Assert.NotNull(server.Storage.FindRecord("fifo", "e", 2));
    }
}
