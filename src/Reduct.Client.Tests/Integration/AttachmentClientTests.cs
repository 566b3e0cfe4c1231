using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>The attachment calls of <see cref="Bucket"/> against the reference server, checked against what it stores.</summary>
public sealed class AttachmentClientTests : IAsyncLifetime
{
    private ReductTestServer _server = null!;
    private ReductClient _client = null!;
    private Bucket _bucket = null!;

    public async Task InitializeAsync()
    {
        _server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "1.20" });
        _client = new ReductClient(_server.Url);
        _bucket = await _client.CreateBucketAsync("data");
        await _bucket.WriteAsync("cam", "frame"u8.ToArray(), 1);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static Dictionary<string, JsonElement> Json(params (string Key, string Json)[] values) =>
        values.ToDictionary(v => v.Key, v => JsonDocument.Parse(v.Json).RootElement.Clone());

    private static Dictionary<string, string> Texts(IReadOnlyDictionary<string, JsonElement> values) =>
        values.ToDictionary(v => v.Key, v => v.Value.GetRawText());

    [Fact]
    public async Task Written_attachments_are_stored_as_json_records_of_the_meta_entry_and_read_back()
    {
        await _bucket.WriteAttachmentsAsync("cam", Json(("calibration", """{"enabled":true,"values":[1,2,3]}"""), ("name", "\"front\""), ("n", "5")));

        IReadOnlyDictionary<string, JsonElement> read = await _bucket.ReadAttachmentsAsync("cam");
        var stored = _server.Storage.GetRecords("data", "cam/$meta");

        Assert.Equal(new Dictionary<string, string> { ["calibration"] = """{"enabled":true,"values":[1,2,3]}""", ["name"] = "\"front\"", ["n"] = "5" }, Texts(read));
        Assert.Equal(3, stored.Count);
        Assert.All(stored, r => Assert.Equal("application/json", r.ContentType));
        Assert.Equal(["calibration", "name", "n"], stored.Select(r => r.Labels["key"]));
        Assert.Equal([stored[0].Timestamp + 1, stored[0].Timestamp + 2], stored.Skip(1).Select(r => r.Timestamp));
        Assert.Equal("""{"enabled":true,"values":[1,2,3]}""", Encoding.UTF8.GetString(stored[0].ReadData()));
        Assert.Equal(["calibration", "name", "n"], await _bucket.ListAttachmentsAsync("cam"));
    }

    [Fact]
    public async Task Writing_a_key_again_replaces_it_and_keeps_the_others()
    {
        await _bucket.WriteAttachmentsAsync("cam", Json(("a", "1"), ("b", "2")));
        await _bucket.WriteAttachmentsAsync("cam", Json(("a", """{"v":3}""")));

        IReadOnlyDictionary<string, JsonElement> read = await _bucket.ReadAttachmentsAsync("cam");

        Assert.Equal(new Dictionary<string, string> { ["a"] = """{"v":3}""", ["b"] = "2" }, Texts(read));
        Assert.Equal(["b", "a"], _server.Storage.GetRecords("data", "cam/$meta").Select(r => r.Labels["key"]));
    }

    [Fact]
    public async Task Removing_one_key_marks_its_record_removed_and_removing_all_leaves_none()
    {
        await _bucket.WriteAttachmentsAsync("cam", Json(("a", "1"), ("b", "2"), ("c", "3")));

        int one = await _bucket.RemoveAttachmentsAsync("cam", ["a", "missing"]);
        IReadOnlyDictionary<string, JsonElement> afterOne = await _bucket.ReadAttachmentsAsync("cam");
        var tombstone = _server.Storage.GetRecords("data", "cam/$meta").Single(r => r.Labels["key"] == "a");
        int rest = await _bucket.RemoveAttachmentsAsync("cam");
        IReadOnlyDictionary<string, JsonElement> afterAll = await _bucket.ReadAttachmentsAsync("cam");
        await _bucket.WriteAttachmentsAsync("cam", Json(("a", "9")));
        IReadOnlyDictionary<string, JsonElement> rewritten = await _bucket.ReadAttachmentsAsync("cam");

        Assert.Equal(1, one);
        Assert.Equal(["b", "c"], afterOne.Keys.Order());
        Assert.Equal("true", tombstone.Labels["remove"]);
        Assert.Equal(2, rest);
        Assert.Empty(afterAll);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "9" }, Texts(rewritten));
        Assert.Equal(0, await _bucket.RemoveAttachmentsAsync("cam", ["nothing"]));
    }

    [Fact]
    public async Task Attachments_follow_a_renamed_parent_and_go_with_a_removed_one()
    {
        await _bucket.WriteAttachmentsAsync("cam", Json(("a", "1")));

        await _bucket.RenameEntryAsync("cam", "camera");
        IReadOnlyDictionary<string, JsonElement> renamed = await _bucket.ReadAttachmentsAsync("camera");
        IReadOnlyDictionary<string, JsonElement> oldName = await _bucket.ReadAttachmentsAsync("cam");
        await _bucket.RemoveEntryAsync("camera");
        IReadOnlyDictionary<string, JsonElement> removed = await _bucket.ReadAttachmentsAsync("camera");

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, Texts(renamed));
        Assert.Empty(oldName);
        Assert.Empty(removed);
        Assert.Empty(_server.Storage.GetRecords("data", "camera/$meta"));
    }

    [Fact]
    public async Task Typed_values_go_through_source_generated_json()
    {
        var calibration = new Calibration { Gain = 2.5, Offsets = [1, -1] };

        await _bucket.WriteAttachmentsAsync("cam", new Dictionary<string, Calibration> { ["calibration"] = calibration }, AttachmentTestJson.Default.Calibration);
        IReadOnlyDictionary<string, Calibration?> read = await _bucket.ReadAttachmentsAsync("cam", AttachmentTestJson.Default.Calibration);

        Assert.Equal("""{"gain":2.5,"offsets":[1,-1]}""", Encoding.UTF8.GetString(_server.Storage.GetRecords("data", "cam/$meta").Single().ReadData()));
        Assert.Equal(2.5, read["calibration"]!.Gain);
        Assert.Equal([1, -1], read["calibration"]!.Offsets);
    }

    [Fact]
    public async Task A_body_that_is_not_json_reads_as_base64_text()
    {
        await _bucket.WriteAsync("cam/$meta", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, options: new RecordWriteOptions { ContentType = "application/octet-stream", Labels = new Labels { ["key"] = "raw" } });

        IReadOnlyDictionary<string, JsonElement> read = await _bucket.ReadAttachmentsAsync("cam");

        Assert.Equal("3q2+7w==", read["raw"].GetString());
    }

    [Fact]
    public async Task An_entry_without_attachments_has_none_and_a_missing_bucket_is_an_error()
    {
        Assert.Empty(await _bucket.ReadAttachmentsAsync("cam"));
        Assert.Empty(await _bucket.ListAttachmentsAsync("nothing-here"));
        Assert.Equal(0, await _bucket.RemoveAttachmentsAsync("cam"));
        ReductException missing = await Assert.ThrowsAsync<ReductException>(() => _client.GetBucket("nope").ReadAttachmentsAsync("cam"));
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_anything_is_sent()
    {
        _server.Statistics.Reset();

        ArgumentException metaEntry = await Assert.ThrowsAnyAsync<ArgumentException>(() => _bucket.WriteAttachmentsAsync("cam/$meta", Json(("a", "1"))));
        ArgumentException emptyKey = await Assert.ThrowsAnyAsync<ArgumentException>(() => _bucket.WriteAttachmentsAsync("cam", Json(("", "1"))));
        ArgumentException undefined = await Assert.ThrowsAnyAsync<ArgumentException>(() => _bucket.WriteAttachmentsAsync("cam", new Dictionary<string, JsonElement> { ["a"] = default }));
        ArgumentException badEntry = await Assert.ThrowsAnyAsync<ArgumentException>(() => _bucket.ReadAttachmentsAsync("bad name"));
        ArgumentException nullKey = await Assert.ThrowsAnyAsync<ArgumentException>(() => _bucket.RemoveAttachmentsAsync("cam", [null!]));
        await _bucket.WriteAttachmentsAsync("cam", new Dictionary<string, JsonElement>());

        Assert.Equal("entry", metaEntry.ParamName);
        Assert.Equal("attachments", emptyKey.ParamName);
        Assert.Equal("attachments", undefined.ParamName);
        Assert.Equal("entry", badEntry.ParamName);
        Assert.Equal("keys", nullKey.ParamName);
        Assert.Equal(0, _server.Statistics.RequestCount);
    }

    [Fact]
    public async Task Every_call_is_refused_before_1_19_after_one_version_request()
    {
        await using var old = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "1.18" });
        Func<Bucket, Task>[] calls =
        [
            b => b.WriteAttachmentsAsync("cam", Json(("a", "1"))),
            b => b.ReadAttachmentsAsync("cam"),
            b => b.ListAttachmentsAsync("cam"),
            b => b.RemoveAttachmentsAsync("cam"),
        ];

        foreach (var call in calls)
        {
            using var client = new ReductClient(old.Url);
            old.Statistics.Reset();
            ReductException error = await Assert.ThrowsAsync<ReductException>(() => call(client.GetBucket("data")));
            Assert.Equal(ReductException.NotSupportedByServer, error.Status);
            Assert.StartsWith("Attachments needs ReductStore API 1.19 or newer; the server speaks API 1.18. Nothing was sent.", error.Message, StringComparison.Ordinal);
            Assert.Equal(1, old.Statistics.RequestCount);
        }
    }
}

/// <summary>A typed attachment value for the tests.</summary>
public sealed class Calibration
{
    public double Gain { get; set; }

    public int[] Offsets { get; set; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Calibration))]
internal sealed partial class AttachmentTestJson : JsonSerializerContext;
