using System.Net;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary><c>PATCH /b/{bucket}/{entry}?ts=</c>, <c>PATCH /b/{bucket}/{entry}/batch</c> and <c>PATCH /io/{bucket}/update</c>.</summary>
public sealed class LabelUpdateTests : IAsyncLifetime
{
    private ReductTestServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var options = new ReductTestServerOptions { ApiToken = "admin-secret" };
        options.Tokens.Add(new ReductTestToken("reader", "reader-secret") { Read = ["data"] });
        options.Tokens.Add(new ReductTestToken("writer", "writer-secret") { Write = ["data"] });
        _server = await ReductTestServer.StartAsync(options);
        _client = RawHttp.CreateClient(_server, "admin-secret");
        await _client.CreateBucketAsync("data");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static HttpRequestMessage Patch(string path, params (string Name, string Value)[] headers) =>
        RawHttp.WithHeaders(HttpMethod.Patch, path, headers);

    private Dictionary<string, string> LabelsOf(string entry, ulong timestamp) =>
        new(_server.Storage.FindRecord("data", entry, timestamp)!.Labels);

    private Task WriteAsync(string entry, ulong timestamp, params (string Name, string Value)[] labels) =>
        _client.WriteRecordAsync("data", entry, timestamp, [1, 2, 3], "text/plain", labels.ToDictionary(l => l.Name, l => l.Value));

    [Fact]
    public async Task One_record_sets_overwrites_and_removes_labels_and_keeps_the_others_in_their_order()
    {
        await WriteAsync("e", 1000, ("x", "y"), ("a", "b"), ("keep", "1"));

        using var response = await _client.SendAsync(Patch("b/data/e?ts=1000", ("x-reduct-label-x", "z"), ("x-reduct-label-a", ""), ("X-Reduct-Label-New", "\"q,r\"")));

        await RawHttp.AssertOkAsync(response);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var stored = _server.Storage.FindRecord("data", "e", 1000)!;
        Assert.Equal([("x", "z"), ("keep", "1"), ("new", "\"q,r\"")], stored.Labels.Select(l => (l.Key, l.Value)));
        Assert.Equal("text/plain", stored.ContentType);
        Assert.Equal([1, 2, 3], stored.ReadData());
        using var read = await _client.GetAsync("api/v1/b/data/e?ts=1000");
        Assert.Equal("z", read.Header("x-reduct-label-x"));
        Assert.Null(read.Header("x-reduct-label-a"));
    }

    [Fact]
    public async Task One_record_without_label_headers_or_removing_an_absent_label_changes_nothing()
    {
        await WriteAsync("e", 1, ("x", "y"));

        using var none = await _client.SendAsync(Patch("b/data/e?ts=1"));
        using var absent = await _client.SendAsync(Patch("b/data/e?ts=1", ("x-reduct-label-nothing", "")));

        await RawHttp.AssertOkAsync(none);
        await RawHttp.AssertOkAsync(absent);
        Assert.Equal(new Dictionary<string, string> { ["x"] = "y" }, LabelsOf("e", 1));
    }

    [Fact]
    public async Task One_record_errors_have_the_servers_texts()
    {
        await WriteAsync("e", 1);
        await _client.CreateBucketAsync("other");

        using var noTs = await _client.SendAsync(Patch("b/data/e?x=1"));
        using var badTs = await _client.SendAsync(Patch("b/data/e?ts=soon"));
        using var missingRecord = await _client.SendAsync(Patch("b/data/e?ts=2", ("x-reduct-label-a", "1")));
        using var missingEntry = await _client.SendAsync(Patch("b/data/nope?ts=1"));
        using var missingBucket = await _client.SendAsync(Patch("b/nope/e?ts=1"));

        await RawHttp.AssertErrorAsync(noTs, 422, "'ts' parameter is required");
        await RawHttp.AssertErrorAsync(badTs, 422, "'ts' must be an unix timestamp in microseconds");
        await RawHttp.AssertErrorAsync(missingRecord, 404, "Record 2 not found in entry data/e");
        await RawHttp.AssertErrorAsync(missingEntry, 404, "Entry 'nope' not found in bucket 'data'");
        await RawHttp.AssertErrorAsync(missingBucket, 404, "Bucket 'nope' is not found");
    }

    [Fact]
    public async Task One_record_refuses_a_label_value_that_is_not_ascii_naming_the_lower_cased_header()
    {
        await WriteAsync("e", 1, ("city", "Berlin"));
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync([.. System.Text.Encoding.Latin1.GetBytes("PATCH /api/v1/b/data/e?ts=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer admin-secret\r\nContent-Length: 0\r\nX-Reduct-Label-City: M"), 0xC3, 0xBC, .. "nchen\r\n\r\n"u8.ToArray()]);

        var response = await exchange.ReadResponseAsync();

        Assert.Equal(422, response.Status);
        Assert.Equal("Label values for x-reduct-label-city must be valid UTF-8 strings", response.Header("x-reduct-error"));
        Assert.Equal("Berlin", LabelsOf("e", 1)["city"]);
    }

    [Fact]
    public async Task Every_route_needs_write_access_to_the_bucket()
    {
        await WriteAsync("e", 1, ("a", "old"));
        using var reader = RawHttp.CreateClient(_server, "reader-secret");
        using var writer = RawHttp.CreateClient(_server, "writer-secret");

        using var single = await reader.SendAsync(Patch("b/data/e?ts=1", ("x-reduct-label-a", "r")));
        using var v1 = await reader.SendAsync(Patch("b/data/e/batch", ("x-reduct-time-1", "0,,a=r")));
        using var v2 = await reader.SendAsync(Patch("io/data/update", ("x-reduct-entries", "e"), ("x-reduct-start-ts", "1"), ("x-reduct-0-0", "0,,a=r")));
        using var allowed = await writer.SendAsync(Patch("b/data/e?ts=1", ("x-reduct-label-a", "w")));

        foreach (var refused in new[] { single, v1, v2 })
        {
            await RawHttp.AssertErrorAsync(refused, 403, "Token 'reader' doesn't have write access to bucket 'data'");
        }

        await RawHttp.AssertOkAsync(allowed);
        Assert.Equal("w", LabelsOf("e", 1)["a"]);
    }

    [Fact]
    public async Task V1_batch_updates_each_record_and_reports_the_missing_ones()
    {
        await WriteAsync("e", 1000, ("x", "y"), ("a", "b"));
        await WriteAsync("e", 1001, ("x", "y"), ("a", "b"));

        using var response = await _client.SendAsync(Patch("b/data/e/batch",
            ("x-reduct-time-1000", "0,,x=z,a=,1=2"), ("x-reduct-time-1001", "0,,a=\"c,d\""), ("x-reduct-time-1002", "0,,a=1")));

        await RawHttp.AssertOkAsync(response);
        Assert.Equal(new Dictionary<string, string> { ["1002"] = "404,Record 1002 not found in entry data/e" }, response.RecordErrors());
        Assert.Equal(new Dictionary<string, string> { ["x"] = "z", ["1"] = "2" }, LabelsOf("e", 1000));
        Assert.Equal(new Dictionary<string, string> { ["x"] = "y", ["a"] = "c,d" }, LabelsOf("e", 1001));
    }

    [Fact]
    public async Task V1_batch_refuses_a_missing_entry_and_malformed_headers_as_a_whole()
    {
        await WriteAsync("e", 1, ("a", "1"));

        using var missingEntry = await _client.SendAsync(Patch("b/data/nope/batch", ("x-reduct-time-1", "0,,a=2")));
        using var noComma = await _client.SendAsync(Patch("b/data/e/batch", ("x-reduct-time-1", "0")));
        using var badName = await _client.SendAsync(Patch("b/data/e/batch", ("x-reduct-time-soon", "0,,a=2")));

        await RawHttp.AssertErrorAsync(missingEntry, 404, "Entry 'nope' not found in bucket 'data'");
        await RawHttp.AssertErrorAsync(noComma, 422, "Invalid batched header");
        await RawHttp.AssertErrorAsync(badName, 422, "Invalid header 'x-reduct-time-soon': must be an unix timestamp in microseconds");
        Assert.Equal("1", LabelsOf("e", 1)["a"]);
    }

    [Fact]
    public async Task V1_batch_update_of_records_that_share_stored_labels_changes_only_those_named()
    {
        using var write = RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e/batch", [1, 2]);
        write.Headers.TryAddWithoutValidation("x-reduct-time-1", "1,,a=1");
        write.Headers.TryAddWithoutValidation("x-reduct-time-2", "1,,a=1");
        using var written = await _client.SendAsync(write);
        await RawHttp.AssertOkAsync(written);
        var before = _server.Storage.FindRecord("data", "e", 2)!;

        using var response = await _client.SendAsync(Patch("b/data/e/batch", ("x-reduct-time-1", "0,,a=9")));

        await RawHttp.AssertOkAsync(response);
        Assert.Equal("9", LabelsOf("e", 1)["a"]);
        Assert.Equal("1", LabelsOf("e", 2)["a"]);
        Assert.Equal("1", before.Labels["a"]);
    }

    [Fact]
    public async Task V2_updates_across_entries_by_label_index_and_name_and_echoes_entries_and_start()
    {
        await WriteAsync("entry-0", 1000, ("a", "old"), ("b", "keep"));
        await WriteAsync("entry-1", 1010, ("a", "before"));

        using var response = await _client.SendAsync(Patch("io/data/update",
            ("x-reduct-entries", "entry-0,entry-1,zz"), ("x-reduct-start-ts", "1000"), ("x-reduct-labels", "a,b"),
            ("x-reduct-0-0", "0,,0=one,1=,c=3"), ("x-reduct-1-10", "0,,a=two"), ("x-reduct-1-50", "0,,a=x"), ("x-reduct-2-0", "0,,a=y")));

        await RawHttp.AssertOkAsync(response);
        Assert.Equal("entry-0,entry-1,zz", response.Header("x-reduct-entries"));
        Assert.Equal("1000", response.Header("x-reduct-start-ts"));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["1-50"] = "404,Record 1050 not found in entry data/entry-1",
                ["2-0"] = "404,Entry 'zz' not found in bucket 'data'",
            },
            response.RecordErrors());
        Assert.Equal(new Dictionary<string, string> { ["a"] = "one", ["c"] = "3" }, LabelsOf("entry-0", 1000));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "two" }, LabelsOf("entry-1", 1010));
    }

    [Fact]
    public async Task V2_deltas_of_one_entry_add_up_in_time_order_as_on_the_real_server()
    {
        await WriteAsync("e", 1, ("k", "1"), ("x", "1"));
        await WriteAsync("e", 2, ("k", "2"), ("x", "2"));

        using var response = await _client.SendAsync(Patch("io/data/update",
            ("x-reduct-entries", "e"), ("x-reduct-start-ts", "1"), ("x-reduct-labels", "k,x"),
            ("x-reduct-0-1", "0,,c=5"), ("x-reduct-0-0", "0,,0=four,1=")));

        await RawHttp.AssertOkAsync(response);
        Assert.Equal(new Dictionary<string, string> { ["k"] = "four" }, LabelsOf("e", 1));
        Assert.Equal(new Dictionary<string, string> { ["k"] = "four", ["c"] = "5" }, LabelsOf("e", 2));
    }

    [Fact]
    public async Task V2_refuses_malformed_headers_as_a_whole()
    {
        await WriteAsync("e", 1, ("a", "1"));
        (string, string)[] valid = [("x-reduct-entries", "e"), ("x-reduct-start-ts", "1")];

        using var noStart = await _client.SendAsync(Patch("io/data/update", ("x-reduct-entries", "e"), ("x-reduct-0-0", "0,,a=2")));
        using var outOfRange = await _client.SendAsync(Patch("io/data/update", [.. valid, ("x-reduct-1-0", "0,,a=2")]));
        using var computed = await _client.SendAsync(Patch("io/data/update", [.. valid, ("x-reduct-0-0", "0,,@a=2")]));
        using var bareFirst = await _client.SendAsync(Patch("io/data/update", [.. valid, ("x-reduct-0-0", "0")]));
        using var badIndex = await _client.SendAsync(Patch("io/data/update", [.. valid, ("x-reduct-labels", "a"), ("x-reduct-0-0", "0,,3=2")]));

        await RawHttp.AssertErrorAsync(noStart, 422, "x-reduct-start-ts header is required");
        await RawHttp.AssertErrorAsync(outOfRange, 422, "Invalid header 'x-reduct-1-0': entry index out of range");
        await RawHttp.AssertErrorAsync(computed, 422, "Label names must not start with '@': reserved for computed labels");
        await RawHttp.AssertErrorAsync(bareFirst, 422, "Content-type and labels must be provided for the first record of an entry");
        await RawHttp.AssertErrorAsync(badIndex, 422, "Label index '3' is out of range");
        Assert.Equal("1", LabelsOf("e", 1)["a"]);
    }

    [Fact]
    public async Task V2_update_of_a_missing_bucket_is_a_request_level_404()
    {
        using var response = await _client.SendAsync(Patch("io/nope/update", ("x-reduct-entries", "e"), ("x-reduct-start-ts", "1"), ("x-reduct-0-0", "0,,a=2")));

        await RawHttp.AssertErrorAsync(response, 404, "Bucket 'nope' is not found");
    }

    [Theory]
    [InlineData("1.10", "b/data/e?ts=1", HttpStatusCode.MethodNotAllowed)]
    [InlineData("1.10", "b/data/e/batch", HttpStatusCode.MethodNotAllowed)]
    [InlineData("1.17", "io/data/update", HttpStatusCode.NotFound)]
    public async Task Routes_do_not_exist_before_their_version(string version, string path, HttpStatusCode expected)
    {
        await using var old = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        using var client = RawHttp.CreateClient(old);
        await client.CreateBucketAsync("data");
        await client.WriteRecordAsync("data", "e", 1, [1], labels: new Dictionary<string, string> { ["a"] = "1" });

        using var response = await client.SendAsync(Patch(path, ("x-reduct-label-a", "2"), ("x-reduct-time-1", "0,,a=2")));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("1", old.Storage.FindRecord("data", "e", 1)!.Labels["a"]);
    }

    [Fact]
    public async Task Updated_labels_survive_a_restart_in_a_folder()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "reduct-labels-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var first = await ReductTestServer.StartAsync(new ReductTestServerOptions { DataPath = dataPath }))
            {
                using var client = RawHttp.CreateClient(first);
                await client.CreateBucketAsync("data");
                await client.WriteRecordAsync("data", "e", 1, [1], labels: new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
                using var response = await client.SendAsync(Patch("b/data/e?ts=1", ("x-reduct-label-a", "9"), ("x-reduct-label-b", "")));
                await RawHttp.AssertOkAsync(response);
            }

            await using var second = await ReductTestServer.StartAsync(new ReductTestServerOptions { DataPath = dataPath });
            Assert.Equal(new Dictionary<string, string> { ["a"] = "9" }, new Dictionary<string, string>(second.Storage.FindRecord("data", "e", 1)!.Labels));
        }
        finally
        {
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }
}
