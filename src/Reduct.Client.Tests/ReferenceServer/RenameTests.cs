using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary><c>PUT /b/{bucket}/rename</c> and <c>PUT /b/{bucket}/{entry}/rename</c>, in memory and in a folder.</summary>
public sealed class RenameTests : IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "reduct-rename-" + Guid.NewGuid().ToString("N"));
    private ReductTestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await StartAsync(dataPath: null);
        _admin = RawHttp.CreateClient(_server, "admin-secret");
        await _admin.CreateBucketAsync("data");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    private static Task<ReductTestServer> StartAsync(string? dataPath, string version = "1.21")
    {
        var options = new ReductTestServerOptions { ApiToken = "admin-secret", DataPath = dataPath, ApiVersion = version };
        options.Tokens.Add(new ReductTestToken("writer", "writer-secret") { Write = ["data"] });
        options.Tokens.Add(new ReductTestToken("reader", "reader-secret") { Read = ["data"] });
        return ReductTestServer.StartAsync(options);
    }

    private static HttpRequestMessage Rename(string path, string body, string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "api/v1/b/" + path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return request;
    }

    private static async Task RenameOkAsync(HttpClient client, string path, string newName)
    {
        using var response = await client.SendAsync(Rename(path, $$"""{"new_name":"{{newName}}"}"""));
        await RawHttp.AssertOkAsync(response);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task<List<string>> EntryNamesAsync(HttpClient client, string bucket)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync($"api/v1/b/{bucket}"));
        return json.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
    }

    /// <summary>A framework rejection: plain text, no x-reduct-error.</summary>
    private static async Task AssertRejectionAsync(HttpResponseMessage response, int status, string textStart)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Null(response.Header("x-reduct-error"));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(textStart, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_renamed_bucket_keeps_its_records_and_settings_under_the_new_name(bool inFolder)
    {
        await using var server = await StartAsync(inFolder ? _dataPath : null);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await admin.CreateBucketAsync("old", """{"max_block_records":7}""");
        await admin.WriteRecordAsync("old", "cam/front", 1, "frame"u8.ToArray(), "image/jpeg", new Dictionary<string, string> { ["scene"] = "a" });

        await RenameOkAsync(admin, "old/rename", "new");

        using var read = await admin.GetAsync("api/v1/b/new/cam/front?ts=1");
        Assert.Equal("frame"u8.ToArray(), await read.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/jpeg", read.Header("Content-Type"));
        Assert.Equal("a", read.Header("x-reduct-label-scene"));
        using var settings = JsonDocument.Parse(await admin.GetStringAsync("api/v1/b/new"));
        Assert.Equal(7UL, settings.RootElement.GetProperty("settings").GetProperty("max_block_records").GetUInt64());
        using var old = await admin.GetAsync("api/v1/b/old");
        await RawHttp.AssertErrorAsync(old, 404, "Bucket 'old' is not found");
        Assert.False(server.Storage.BucketExists("old"));
        Assert.Equal("frame"u8.ToArray(), server.Storage.FindRecord("new", "cam/front", 1)!.ReadData());
    }

    [Fact]
    public async Task Bucket_rename_errors_carry_the_server_messages()
    {
        await _admin.CreateBucketAsync("other");

        using var missing = await _admin.SendAsync(Rename("nope/rename", """{"new_name":"x"}"""));
        using var taken = await _admin.SendAsync(Rename("data/rename", """{"new_name":"other"}"""));
        using var same = await _admin.SendAsync(Rename("data/rename", """{"new_name":"data"}"""));
        using var badName = await _admin.SendAsync(Rename("data/rename", """{"new_name":"a/b"}"""));
        using var missingAndBadName = await _admin.SendAsync(Rename("nope/rename", """{"new_name":"a b"}"""));

        await RawHttp.AssertErrorAsync(missing, 404, "Bucket 'nope' is not found");
        await RawHttp.AssertErrorAsync(taken, 409, "Bucket 'other' already exists");
        await RawHttp.AssertErrorAsync(same, 409, "Bucket 'data' already exists");
        await RawHttp.AssertErrorAsync(badName, 422, "Bucket or entry name can contain only letters, digests and [-,_] symbols");
        await RawHttp.AssertErrorAsync(missingAndBadName, 422, "Bucket or entry name can contain only letters, digests and [-,_] symbols");
        Assert.True(_server.Storage.BucketExists("data"));
    }

    [Fact]
    public async Task Bucket_rename_body_is_taken_by_a_json_extractor_before_the_token_is_checked()
    {
        using var anonymous = RawHttp.CreateClient(_server);

        using var noContentType = await anonymous.SendAsync(Rename("data/rename", """{"new_name":"x"}""", contentType: null));
        using var textPlain = await anonymous.SendAsync(Rename("data/rename", """{"new_name":"x"}""", "text/plain"));
        using var notJson = await anonymous.SendAsync(Rename("data/rename", "new_name=x"));
        using var missingField = await anonymous.SendAsync(Rename("data/rename", "{}"));
        using var wrongType = await anonymous.SendAsync(Rename("data/rename", """{"new_name":1}"""));
        using var valid = await anonymous.SendAsync(Rename("data/rename", """{"new_name":"x"}""", "application/json; charset=utf-8"));

        await AssertRejectionAsync(noContentType, 415, "Expected request with `Content-Type: application/json`");
        await AssertRejectionAsync(textPlain, 415, "Expected request with `Content-Type: application/json`");
        await AssertRejectionAsync(notJson, 400, "Failed to parse the request body as JSON: ");
        await AssertRejectionAsync(missingField, 422, "Failed to deserialize the JSON body into the target type: missing field `new_name` at line 1 column 2");
        await AssertRejectionAsync(wrongType, 422, "Failed to deserialize the JSON body into the target type: invalid type: number 1, expected a string at line 1 column 13");
        await RawHttp.AssertErrorAsync(valid, 401, "No bearer token in request header");
    }

    [Fact]
    public async Task Bucket_rename_needs_full_access_and_rewrites_permissions_that_named_the_bucket()
    {
        using var writer = RawHttp.CreateClient(_server, "writer-secret");
        using var created = await _admin.PostAsync("api/v1/tokens/scoped", """{"read":["data","da*"],"write":["data"]}""");
        using var secret = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        using var scoped = RawHttp.CreateClient(_server, secret.RootElement.GetProperty("value").GetString()!);

        using var denied = await writer.SendAsync(Rename("data/rename", """{"new_name":"renamed"}"""));
        await RenameOkAsync(_admin, "data/rename", "renamed");

        await RawHttp.AssertErrorAsync(denied, 403, "Token 'writer' doesn't have full access");
        using var permissions = JsonDocument.Parse(await _admin.GetStringAsync("api/v1/tokens/scoped"));
        Assert.Equal(["renamed", "da*"], permissions.RootElement.GetProperty("permissions").GetProperty("read").EnumerateArray().Select(e => e.GetString()));
        await scoped.WriteRecordAsync("renamed", "e", 1, [1]);
        await writer.WriteRecordAsync("renamed", "e", 2, [2]);
        using var me = JsonDocument.Parse(await writer.GetStringAsync("api/v1/me"));
        Assert.Equal(["renamed"], me.RootElement.GetProperty("permissions").GetProperty("write").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_renamed_entry_keeps_its_records_and_the_old_name_is_gone(bool inFolder)
    {
        await using var server = await StartAsync(inFolder ? _dataPath : null);
        using var admin = RawHttp.CreateClient(server, "admin-secret");
        await admin.CreateBucketAsync("data");
        await admin.WriteRecordAsync("data", "e1", 1, "one"u8.ToArray());
        await admin.WriteRecordAsync("data", "e1", 2, "two"u8.ToArray(), "text/plain", new Dictionary<string, string> { ["k"] = "v" });

        using var writer = RawHttp.CreateClient(server, "writer-secret");
        using var response = await writer.SendAsync(Rename("data/e1/rename", """{"new_name":"e2"}""", "text/plain"));

        await RawHttp.AssertOkAsync(response);
        using var read = await admin.GetAsync("api/v1/b/data/e2?ts=2");
        Assert.Equal("two"u8.ToArray(), await read.Content.ReadAsByteArrayAsync());
        Assert.Equal("v", read.Header("x-reduct-label-k"));
        using var old = await admin.GetAsync("api/v1/b/data/e1?ts=1");
        await RawHttp.AssertErrorAsync(old, 404, "Entry 'e1' not found in bucket 'data'");
        Assert.Equal(["e2"], await EntryNamesAsync(admin, "data"));
        Assert.Equal(["e2", "e2"], server.Storage.GetRecords("data", "e2").Select(r => r.Entry));
        Assert.Empty(server.Storage.GetRecords("data", "e1"));
        await admin.WriteRecordAsync("data", "e2", 3, "three"u8.ToArray());
        Assert.Equal(3, server.Storage.CountRecords("data"));
    }

    [Fact]
    public async Task Entry_rename_errors_carry_the_server_messages()
    {
        await _admin.WriteRecordAsync("data", "e", 1, [1]);
        await _admin.WriteRecordAsync("data", "other", 1, [1]);
        using var reader = RawHttp.CreateClient(_server, "reader-secret");

        using var missing = await _admin.SendAsync(Rename("data/nope/rename", """{"new_name":"x"}"""));
        using var missingBucket = await _admin.SendAsync(Rename("nobucket/e/rename", """{"new_name":"x"}"""));
        using var taken = await _admin.SendAsync(Rename("data/e/rename", """{"new_name":"other"}"""));
        using var same = await _admin.SendAsync(Rename("data/e/rename", """{"new_name":"e"}"""));
        using var under = await _admin.SendAsync(Rename("data/e/rename", """{"new_name":"e/child"}"""));
        using var badCharacters = await _admin.SendAsync(Rename("data/e/rename", """{"new_name":"a b"}"""));
        using var emptySegment = await _admin.SendAsync(Rename("data/e/rename", """{"new_name":"a//b"}"""));
        using var missingField = await _admin.SendAsync(Rename("data/e/rename", "{}", contentType: null));
        using var denied = await reader.SendAsync(Rename("data/e/rename", """{"new_name":"x"}"""));

        await RawHttp.AssertErrorAsync(missing, 404, "Entry 'nope' not found in bucket 'data'");
        await RawHttp.AssertErrorAsync(missingBucket, 404, "Bucket 'nobucket' is not found");
        await RawHttp.AssertErrorAsync(taken, 409, "Entry 'other' already exists in bucket 'data'");
        await RawHttp.AssertErrorAsync(same, 409, "Entry 'e' already exists in bucket 'data'");
        await RawHttp.AssertErrorAsync(under, 409, "Entry 'e/child' already exists in bucket 'data'");
        await RawHttp.AssertErrorAsync(badCharacters, 422, "Entry name can contain only letters, digits and [-,_,/] symbols or end with '/$meta'");
        await RawHttp.AssertErrorAsync(emptySegment, 422, "Entry name must be non-empty and must not contain empty path segments");
        await RawHttp.AssertErrorAsync(missingField, 422, "Invalid JSON: missing field `new_name` at line 1 column 2");
        await RawHttp.AssertErrorAsync(denied, 403, "Token 'reader' doesn't have write access to bucket 'data'");
        Assert.Equal(["e", "other"], await EntryNamesAsync(_admin, "data"));
    }

    [Fact]
    public async Task Renaming_a_parent_moves_its_sub_entries_and_attachments_and_creates_the_new_parents()
    {
        await _admin.WriteRecordAsync("data", "a", 1, "a"u8.ToArray());
        await _admin.WriteRecordAsync("data", "a/b", 2, "ab"u8.ToArray());
        await _admin.WriteRecordAsync("data", "a/$meta", 3, "meta"u8.ToArray(), labels: new Dictionary<string, string> { ["key"] = "calibration" });
        await _admin.WriteRecordAsync("data", "ab", 4, "not a child"u8.ToArray());

        await RenameOkAsync(_admin, "data/a/rename", "x/y");

        Assert.Equal(["ab", "x", "x/y", "x/y/b"], await EntryNamesAsync(_admin, "data"));
        using var child = await _admin.GetAsync("api/v1/b/data/x/y/b?ts=2");
        Assert.Equal("ab"u8.ToArray(), await child.Content.ReadAsByteArrayAsync());
        Assert.Equal("meta"u8.ToArray(), _server.Storage.FindRecord("data", "x/y/$meta", 3)!.ReadData());
        Assert.Equal("a"u8.ToArray(), _server.Storage.FindRecord("data", "x/y", 1)!.ReadData());
        Assert.Empty(_server.Storage.GetRecords("data", "x"));
        using var oldChild = await _admin.GetAsync("api/v1/b/data/a/b?ts=2");
        await RawHttp.AssertErrorAsync(oldChild, 404, "Entry 'a/b' not found in bucket 'data'");
    }

    [Fact]
    public async Task Renaming_a_child_leaves_its_parent_in_place()
    {
        await _admin.WriteRecordAsync("data", "a/b", 1, [1]);

        await RenameOkAsync(_admin, "data/a/b/rename", "c");

        Assert.Equal(["a", "c"], await EntryNamesAsync(_admin, "data"));
    }

    [Fact]
    public async Task Renames_in_a_folder_survive_a_restart()
    {
        await using (var first = await StartAsync(_dataPath))
        {
            using var admin = RawHttp.CreateClient(first, "admin-secret");
            await admin.CreateBucketAsync("before");
            await admin.WriteRecordAsync("before", "a/b", 1, "ab"u8.ToArray(), "text/plain");
            await admin.WriteRecordAsync("before", "a", 2, "a"u8.ToArray());
            await RenameOkAsync(admin, "before/a/rename", "z");
            await RenameOkAsync(admin, "before/rename", "after");
        }

        await using var second = await StartAsync(_dataPath);
        using var reader = RawHttp.CreateClient(second, "admin-secret");

        Assert.False(second.Storage.BucketExists("before"));
        Assert.Equal(["z", "z/b"], await EntryNamesAsync(reader, "after"));
        using var read = await reader.GetAsync("api/v1/b/after/z/b?ts=1");
        Assert.Equal("ab"u8.ToArray(), await read.Content.ReadAsByteArrayAsync());
        Assert.Equal("text/plain", read.Header("Content-Type"));
        Assert.Equal("a"u8.ToArray(), second.Storage.FindRecord("after", "z", 2)!.ReadData());
    }

    [Fact]
    public async Task Put_on_an_entry_path_without_rename_is_404()
    {
        using var response = await _admin.SendAsync(Rename("data/e", """{"new_name":"x"}"""));

        await RawHttp.AssertErrorAsync(response, 404, "Not found");
    }

    [Fact]
    public async Task Before_1_12_there_are_no_renames_and_before_1_19_no_paths_in_names()
    {
        await using var old = await StartAsync(dataPath: null, version: "1.11");
        await using var flat = await StartAsync(dataPath: null, version: "1.18");
        using var oldClient = RawHttp.CreateClient(old, "admin-secret");
        using var flatClient = RawHttp.CreateClient(flat, "admin-secret");
        await oldClient.CreateBucketAsync("data");
        await flatClient.CreateBucketAsync("data");
        await flatClient.WriteRecordAsync("data", "e", 1, [1]);

        using var bucketRename = await oldClient.SendAsync(Rename("data/rename", """{"new_name":"x"}"""));
        using var entryRename = await oldClient.SendAsync(Rename("data/e/rename", """{"new_name":"x"}"""));
        using var pathName = await flatClient.SendAsync(Rename("data/e/rename", """{"new_name":"x/y"}"""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, bucketRename.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, entryRename.StatusCode);
        await RawHttp.AssertErrorAsync(pathName, 422, "Bucket or entry name can contain only letters, digests and [-,_] symbols");
    }
}
