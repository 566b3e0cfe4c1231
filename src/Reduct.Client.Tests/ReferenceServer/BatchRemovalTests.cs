using System.Net;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary><c>DELETE /b/{bucket}/{entry}/batch</c>, <c>DELETE /io/{bucket}/remove</c>, and the <c>$meta</c> rules of every removal.</summary>
public sealed class BatchRemovalTests : IAsyncLifetime
{
    private ReductTestServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var options = new ReductTestServerOptions { ApiToken = "admin-secret" };
        options.Tokens.Add(new ReductTestToken("reader", "reader-secret") { Read = ["rm"] });
        _server = await ReductTestServer.StartAsync(options);
        _client = RawHttp.CreateClient(_server, "admin-secret");
        await _client.CreateBucketAsync("rm");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static HttpRequestMessage Delete(string path, params (string Name, string Value)[] headers) =>
        RawHttp.WithHeaders(HttpMethod.Delete, path, headers);

    private async Task WriteAsync(string entry, params ulong[] timestamps)
    {
        foreach (var timestamp in timestamps)
        {
            await _client.WriteRecordAsync("rm", entry, timestamp, [1], labels: entry.EndsWith("$meta", StringComparison.Ordinal) ? new Dictionary<string, string> { ["key"] = "k" + timestamp } : null);
        }
    }

    private List<ulong> TimestampsOf(string entry) => _server.Storage.GetRecords("rm", entry).Select(r => r.Timestamp).ToList();

    [Fact]
    public async Task V1_removes_the_named_records_and_reports_the_missing_ones()
    {
        await WriteAsync("a", 1, 2, 3);

        using var response = await _client.SendAsync(Delete("b/rm/a/batch", ("x-reduct-time-1", ""), ("x-reduct-time-3", "anything"), ("x-reduct-time-50", "")));

        await RawHttp.AssertOkAsync(response);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(new Dictionary<string, string> { ["50"] = "404,Record 50 not found in entry rm/a" }, response.RecordErrors());
        Assert.Equal([2UL], TimestampsOf("a"));
    }

    [Fact]
    public async Task V1_refuses_a_missing_entry_a_bad_header_name_a_meta_entry_and_a_reader()
    {
        await WriteAsync("a", 1);
        await WriteAsync("a/$meta", 7);
        using var reader = RawHttp.CreateClient(_server, "reader-secret");

        using var missingEntry = await _client.SendAsync(Delete("b/rm/nope/batch", ("x-reduct-time-1", "")));
        using var badName = await _client.SendAsync(Delete("b/rm/a/batch", ("x-reduct-time-one", "")));
        using var meta = await _client.SendAsync(Delete("b/rm/a/$meta/batch", ("x-reduct-time-7", "")));
        using var refused = await reader.SendAsync(Delete("b/rm/a/batch", ("x-reduct-time-1", "")));

        await RawHttp.AssertErrorAsync(missingEntry, 404, "Entry 'nope' not found in bucket 'rm'");
        await RawHttp.AssertErrorAsync(badName, 422, "Invalid header 'x-reduct-time-one': must be an unix timestamp in microseconds");
        await RawHttp.AssertErrorAsync(meta, 422, "Can't delete records from system entry 'a/$meta'; use label update with remove=true");
        await RawHttp.AssertErrorAsync(refused, 403, "Token 'reader' doesn't have write access to bucket 'rm'");
        Assert.Equal([1UL], TimestampsOf("a"));
        Assert.Equal([7UL], TimestampsOf("a/$meta"));
    }

    [Fact]
    public async Task V2_captured_example_reports_errors_by_timestamp_for_every_entry_at_that_time()
    {
        await WriteAsync("a", 4, 5);
        await WriteAsync("b", 4);
        using var exchange = await RawSocketExchange.ConnectAsync(_server);

        await exchange.SendAsync(
            "DELETE /api/v1/io/rm/remove HTTP/1.1\r\n" +
            "Host: localhost\r\n" +
            "Authorization: Bearer admin-secret\r\n" +
            "Content-Length: 0\r\n" +
            "x-reduct-entries: a,b,zz\r\n" +
            "x-reduct-start-ts: 4\r\n" +
            "x-reduct-0-0: \r\n" +
            "x-reduct-1-0: \r\n" +
            "x-reduct-0-1: \r\n" +
            "x-reduct-2-0: \r\n" +
            "x-reduct-1-100: \r\n" +
            "\r\n");
        var response = await exchange.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal(
            [
                "content-length: 0",
                "server: ReductStore 1.21.0",
                "x-reduct-api: 1.21",
                "x-reduct-entries: a,b,zz",
                "x-reduct-error-0-0: 404,Entry 'zz' not found in bucket 'rm'",
                "x-reduct-error-1-0: 404,Entry 'zz' not found in bucket 'rm'",
                "x-reduct-error-1-100: 404,Record 104 not found in entry rm/b",
                "x-reduct-error-2-0: 404,Entry 'zz' not found in bucket 'rm'",
                "x-reduct-start-ts: 4",
            ],
            response.StableHeaderLines);
        Assert.Empty(TimestampsOf("a"));
        Assert.Empty(TimestampsOf("b"));
    }

    [Fact]
    public async Task V2_encodes_hierarchical_names_in_its_echo_and_removes_their_records()
    {
        await WriteAsync("cam/front", 10, 11);

        using var response = await _client.SendAsync(Delete("io/rm/remove", ("x-reduct-entries", "cam%2Ffront"), ("x-reduct-start-ts", "10"), ("x-reduct-0-1", "")));

        await RawHttp.AssertOkAsync(response);
        Assert.Equal("cam%2Ffront", response.Header("x-reduct-entries"));
        Assert.Empty(response.RecordErrors());
        Assert.Equal([10UL], TimestampsOf("cam/front"));
    }

    [Fact]
    public async Task V2_refuses_malformed_headers_a_meta_entry_and_a_missing_bucket_as_a_whole()
    {
        await WriteAsync("a", 1);
        await WriteAsync("a/$meta", 2);

        using var noStart = await _client.SendAsync(Delete("io/rm/remove", ("x-reduct-entries", "a"), ("x-reduct-0-0", "")));
        using var outOfRange = await _client.SendAsync(Delete("io/rm/remove", ("x-reduct-entries", "a"), ("x-reduct-start-ts", "1"), ("x-reduct-0-0", ""), ("x-reduct-1-0", "")));
        using var meta = await _client.SendAsync(Delete("io/rm/remove", ("x-reduct-entries", "a,a%2F$meta"), ("x-reduct-start-ts", "1"), ("x-reduct-0-0", "")));
        using var missingBucket = await _client.SendAsync(Delete("io/nope/remove", ("x-reduct-entries", "a"), ("x-reduct-start-ts", "1"), ("x-reduct-0-0", "")));

        await RawHttp.AssertErrorAsync(noStart, 422, "x-reduct-start-ts header is required");
        await RawHttp.AssertErrorAsync(outOfRange, 422, "Invalid header 'x-reduct-1-0': entry index out of range");
        await RawHttp.AssertErrorAsync(meta, 422, "Can't delete records from system entry 'a/$meta'; use label update with remove=true");
        await RawHttp.AssertErrorAsync(missingBucket, 404, "Bucket 'nope' is not found");
        Assert.Equal([1UL], TimestampsOf("a"));
        Assert.Equal([2UL], TimestampsOf("a/$meta"));
    }

    [Fact]
    public async Task A_meta_entry_refuses_single_removals_and_its_own_removal_before_the_token_is_checked()
    {
        await WriteAsync("a/$meta", 2);
        using var anonymous = RawHttp.CreateClient(_server);

        using var record = await _client.DeleteAsync("api/v1/b/rm/a/$meta?ts=2");
        using var entry = await anonymous.DeleteAsync("api/v1/b/rm/a/$meta");
        using var ordinaryRecordWithoutToken = await anonymous.DeleteAsync("api/v1/b/rm/a?ts=2");

        await RawHttp.AssertErrorAsync(record, 422, "Can't delete records from system entry 'a/$meta'; use label update with remove=true");
        await RawHttp.AssertErrorAsync(entry, 422, "Can't delete system entry 'a/$meta'; remove the parent entry instead");
        await RawHttp.AssertErrorAsync(ordinaryRecordWithoutToken, 401, "No bearer token in request header");
        Assert.Equal([2UL], TimestampsOf("a/$meta"));
    }

    [Theory]
    [InlineData("1.11", "b/rm/a/batch", HttpStatusCode.MethodNotAllowed)]
    [InlineData("1.17", "io/rm/remove", HttpStatusCode.NotFound)]
    public async Task Routes_do_not_exist_before_their_version(string version, string path, HttpStatusCode expected)
    {
        await using var old = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        using var client = RawHttp.CreateClient(old);
        await client.CreateBucketAsync("rm");
        await client.WriteRecordAsync("rm", "a", 1, [1]);

        using var response = await client.SendAsync(Delete(path, ("x-reduct-time-1", ""), ("x-reduct-entries", "a"), ("x-reduct-start-ts", "1"), ("x-reduct-0-0", "")));

        Assert.Equal(expected, response.StatusCode);
        Assert.Single(old.Storage.GetRecords("rm", "a"));
    }
}
