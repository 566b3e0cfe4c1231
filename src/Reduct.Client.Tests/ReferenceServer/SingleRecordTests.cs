using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class SingleRecordTests : ServerWithDataBucket
{
    [Fact]
    public async Task Write_then_read_returns_the_same_bytes_content_type_time_and_labels()
    {
        var body = Encoding.UTF8.GetBytes("{\"temperature\": 21.5}");
        using var write = RawHttp.Request(HttpMethod.Post, "api/v1/b/data/sensor?ts=1700000000000000", body, "application/json");
        write.Headers.TryAddWithoutValidation("x-reduct-label-Unit", "celsius");
        write.Headers.TryAddWithoutValidation("x-reduct-label-x", "0");
        write.Headers.TryAddWithoutValidation("x-reduct-label-empty", "");
        using var written = await _client.SendAsync(write);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Empty(await written.Content.ReadAsByteArrayAsync());

        using var read = await _client.GetAsync("api/v1/b/data/sensor?ts=1700000000000000");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(body, await read.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/json", read.Header("Content-Type"));
        Assert.Equal("1700000000000000", read.Header("x-reduct-time"));
        Assert.Equal("celsius", read.Header("x-reduct-label-unit"));
        Assert.Equal("0", read.Header("x-reduct-label-x"));
        Assert.Equal(string.Empty, read.Header("x-reduct-label-empty"));
        var stored = _server.Storage.FindRecord("data", "sensor", 1700000000000000)!;
        Assert.Equal(body.Length, stored.Length);
        Assert.Equal("application/json", stored.ContentType);
        Assert.Equal(new Dictionary<string, string> { ["unit"] = "celsius", ["x"] = "0", ["empty"] = "" }, stored.Labels);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant(), stored.Sha256);
        Assert.Equal(body, stored.ReadData());
    }

    [Fact]
    public async Task Write_without_content_type_is_stored_as_octet_stream()
    {
        await _client.WriteRecordAsync("data", "raw", 5, [1, 2, 3]);

        using var read = await _client.GetAsync("api/v1/b/data/raw?ts=5");

        Assert.Equal("application/octet-stream", read.Header("Content-Type"));
        Assert.Equal("5", read.Header("x-reduct-time"));
    }

    [Fact]
    public async Task Head_returns_the_metadata_without_a_body()
    {
        await _client.WriteRecordAsync("data", "head", 7, new byte[100], "text/plain", new Dictionary<string, string> { ["k"] = "v" });

        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/v1/b/data/head?ts=7"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("100", head.Header("Content-Length"));
        Assert.Equal("text/plain", head.Header("Content-Type"));
        Assert.Equal("v", head.Header("x-reduct-label-k"));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Read_without_ts_returns_the_latest_record()
    {
        await _client.WriteRecordAsync("data", "latest", 20, [2]);
        await _client.WriteRecordAsync("data", "latest", 10, [1]);

        using var read = await _client.GetAsync("api/v1/b/data/latest");

        Assert.Equal("20", read.Header("x-reduct-time"));
        Assert.Equal([2], await read.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Second_write_at_the_same_timestamp_is_409_and_keeps_the_first()
    {
        await _client.WriteRecordAsync("data", "dup", 42, [1]);

        using var second = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/dup?ts=42", new byte[1024 * 1024]));
        await RawHttp.AssertErrorAsync(second, 409, "A record with timestamp 42 already exists");
        await _client.WriteRecordAsync("data", "dup", 43, [3]);

        Assert.Equal([1], _server.Storage.FindRecord("data", "dup", 42)!.ReadData());
        Assert.Equal(2, _server.Storage.GetRecords("data", "dup").Count);
    }

    [Fact]
    public async Task Missing_and_invalid_ts_are_422()
    {
        using var missing = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e", [1]));
        using var invalid = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e?ts=abc", [1]));
        using var negative = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e?ts=-1", [1]));
        using var readInvalid = await _client.GetAsync("api/v1/b/data/e?ts=1.5");

        await RawHttp.AssertErrorAsync(missing, 422, "'ts' parameter is required");
        await RawHttp.AssertErrorAsync(invalid, 422, "'ts' must be an unix timestamp in microseconds");
        await RawHttp.AssertErrorAsync(negative, 422, "'ts' must be an unix timestamp in microseconds");
        await RawHttp.AssertErrorAsync(readInvalid, 422, "'ts' must be an unix timestamp in microseconds");
    }

    [Fact]
    public async Task Write_to_a_missing_bucket_is_404()
    {
        using var response = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/XXX/e?ts=1", [1]));

        await RawHttp.AssertErrorAsync(response, 404, "Bucket 'XXX' is not found");
    }

    [Fact]
    public async Task Reads_of_missing_bucket_entry_and_record_are_404_with_their_messages()
    {
        await _client.WriteRecordAsync("data", "present", 1, [1]);

        using var bucket = await _client.GetAsync("api/v1/b/nope/present?ts=1");
        using var entry = await _client.GetAsync("api/v1/b/data/absent?ts=1");
        using var record = await _client.GetAsync("api/v1/b/data/present?ts=2");
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/v1/b/data/present?ts=2"));

        await RawHttp.AssertErrorAsync(bucket, 404, "Bucket 'nope' is not found");
        await RawHttp.AssertErrorAsync(entry, 404, "Entry 'absent' not found in bucket 'data'");
        await RawHttp.AssertErrorAsync(record, 404, "Record 2 not found in entry data/present");
        await RawHttp.AssertErrorAsync(head, 404, "Record 2 not found in entry data/present");
    }

    [Theory]
    [InlineData("a//b", "Entry name must be non-empty and must not contain empty path segments")]
    [InlineData("a/", "Entry name must be non-empty and must not contain empty path segments")]
    [InlineData("bad.name", "Entry name can contain only letters, digits and [-,_,/] symbols or end with '/$meta'")]
    [InlineData("a%20b", "Entry name can contain only letters, digits and [-,_,/] symbols or end with '/$meta'")]
    public async Task Invalid_entry_names_are_422(string entry, string message)
    {
        using var response = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, $"api/v1/b/data/{entry}?ts=1", [1]));

        await RawHttp.AssertErrorAsync(response, 422, message);
    }

    [Fact]
    public async Task Hierarchical_entry_creates_its_parents_and_reads_back()
    {
        await _client.WriteRecordAsync("data", "a/b/c", 1, [9]);

        using var read = await _client.GetAsync("api/v1/b/data/a/b/c?ts=1");
        using var json = JsonDocument.Parse(await _client.GetStringAsync("api/v1/b/data"));

        Assert.Equal([9], await read.Content.ReadAsByteArrayAsync());
        var names = json.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Contains("a", names);
        Assert.Contains("a/b", names);
        Assert.Contains("a/b/c", names);
    }

    [Fact]
    public async Task An_entry_named_batch_at_the_top_level_is_a_plain_entry()
    {
        await _client.WriteRecordAsync("data", "batch", 1, [1]);

        Assert.NotNull(_server.Storage.FindRecord("data", "batch", 1));
    }

    [Fact]
    public async Task Meta_entries_need_a_key_label_replace_by_key_and_are_hidden()
    {
        using var noKey = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/cam/$meta?ts=1", [1]));
        await _client.WriteRecordAsync("data", "cam/$meta", 1, [1], labels: new Dictionary<string, string> { ["key"] = "calibration" });
        await _client.WriteRecordAsync("data", "cam/$meta", 2, [2], labels: new Dictionary<string, string> { ["key"] = "calibration" });
        var info = await _client.GetStringAsync("api/v1/b/data");

        await RawHttp.AssertErrorAsync(noKey, 422, "System entry 'cam/$meta' records must contain label 'key'");
        Assert.Equal([2UL], _server.Storage.GetRecords("data", "cam/$meta").Select(r => r.Timestamp));
        Assert.DoesNotContain("$meta", info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_record_and_remove_entry()
    {
        await _client.WriteRecordAsync("data", "gone", 1, [1]);
        await _client.WriteRecordAsync("data", "gone", 2, [2]);
        await _client.WriteRecordAsync("data", "gone/child", 3, [3]);

        using var removeRecord = await _client.DeleteAsync("api/v1/b/data/gone?ts=1");
        using var removeMissing = await _client.DeleteAsync("api/v1/b/data/gone?ts=1");
        Assert.Equal([2UL], _server.Storage.GetRecords("data", "gone").Select(r => r.Timestamp));
        using var removeEntry = await _client.DeleteAsync("api/v1/b/data/gone");

        await RawHttp.AssertOkAsync(removeRecord);
        await RawHttp.AssertErrorAsync(removeMissing, 404, "Record 1 not found in entry data/gone");
        await RawHttp.AssertOkAsync(removeEntry);
        Assert.Empty(_server.Storage.GetRecords("data", "gone"));
        Assert.Empty(_server.Storage.GetRecords("data", "gone/child"));
    }
}
