using System.Net;
using System.Text;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class BatchV1Tests : IAsyncLifetime
{
    private ReductTestServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = "my-token" });
        _client = RawHttp.CreateClient(_server, "my-token");
        await _client.CreateBucketAsync("demo");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static HttpRequestMessage Batch(string entry, byte[] body, params (string Name, string Value)[] headers)
    {
        var request = RawHttp.Request(HttpMethod.Post, $"api/v1/b/demo/{entry}/batch", body);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    [Fact]
    public async Task Spec_example_11_1_stores_two_records_and_reports_the_duplicate_byte_for_byte()
    {
        await _client.WriteRecordAsync("demo", "sensor-1", 1700000000001000, "old"u8.ToArray());
        using var exchange = await RawSocketExchange.ConnectAsync(_server);

        await exchange.SendAsync(
            "POST /api/v1/b/demo/sensor-1/batch HTTP/1.1\r\n" +
            "Host: localhost:8383\r\n" +
            "Authorization: Bearer my-token\r\n" +
            "Content-Type: application/octet-stream\r\n" +
            "Content-Length: 8\r\n" +
            "x-reduct-time-1700000000000000: 3,text/plain,unit=mm,pos=\"1,2\"\r\n" +
            "x-reduct-time-1700000000001000: 5,application/json\r\n" +
            "x-reduct-time-1700000000002000: 0,\r\n" +
            "\r\n" +
            "abcdefgh");
        var response = await exchange.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal(
            [
                "content-length: 0",
                "server: ReductStore 1.21.0",
                "x-reduct-api: 1.21",
                "x-reduct-error-1700000000001000: 409,A record with timestamp 1700000000001000 already exists",
            ],
            response.StableHeaderLines);
        Assert.Equal(string.Empty, response.Body);
        var records = _server.Storage.GetRecords("demo", "sensor-1");
        Assert.Equal([1700000000000000UL, 1700000000001000UL, 1700000000002000UL], records.Select(r => r.Timestamp));
        Assert.Equal("abc"u8.ToArray(), records[0].ReadData());
        Assert.Equal("text/plain", records[0].ContentType);
        Assert.Equal(new Dictionary<string, string> { ["unit"] = "mm", ["pos"] = "1,2" }, records[0].Labels);
        Assert.Equal("old"u8.ToArray(), records[1].ReadData());
        Assert.Equal(0, records[2].Length);
        Assert.Equal("application/octet-stream", records[2].ContentType);
        Assert.Empty(records[2].Labels);
    }

    [Fact]
    public async Task Body_follows_time_order_whatever_the_header_order()
    {
        using var response = await _client.SendAsync(Batch("ordered", "aaabbbbcc"u8.ToArray(),
            ("x-reduct-time-30", "2,"),
            ("x-reduct-time-10", "3,"),
            ("x-reduct-time-20", "4,")));

        await RawHttp.AssertOkAsync(response);
        var records = _server.Storage.GetRecords("demo", "ordered");
        Assert.Equal(["aaa", "bbbb", "cc"], records.Select(r => Encoding.ASCII.GetString(r.ReadData())));
        Assert.Equal([10UL, 20UL, 30UL], records.Select(r => r.Timestamp));
    }

    [Fact]
    public async Task Records_announced_alike_each_get_the_announced_metadata()
    {
        // The first two values are the same text (parsed once); the third differs only in a label.
        using var response = await _client.SendAsync(Batch("alike", "abc"u8.ToArray(),
            ("x-reduct-time-1", "1,text/csv,k=v"),
            ("x-reduct-time-2", "1,text/csv,k=v"),
            ("x-reduct-time-3", "1,text/csv,k=w")));

        await RawHttp.AssertOkAsync(response);
        var records = _server.Storage.GetRecords("demo", "alike");
        Assert.Equal(["v", "v", "w"], records.Select(r => r.Labels["k"]));
        Assert.All(records, record => Assert.Equal("text/csv", record.ContentType));
        Assert.Equal(["a", "b", "c"], records.Select(r => Encoding.ASCII.GetString(r.ReadData())));
    }

    [Fact]
    public async Task Labels_keep_case_allow_empty_values_computed_names_and_ignore_trailing_text()
    {
        using var response = await _client.SendAsync(Batch("labels", "x"u8.ToArray(),
            ("x-reduct-time-1", " 1 , text/csv , Key = Value ,empty=,@cpu=3, trailing")));

        await RawHttp.AssertOkAsync(response);
        var record = _server.Storage.FindRecord("demo", "labels", 1)!;
        Assert.Equal("text/csv", record.ContentType);
        Assert.Equal(new Dictionary<string, string> { ["Key"] = "Value", ["empty"] = "", ["@cpu"] = "3" }, record.Labels);
    }

    [Theory]
    [InlineData("x-reduct-time-yyy", "1,", "Invalid header 'x-reduct-time-yyy': must be an unix timestamp in microseconds")]
    [InlineData("x-reduct-time-1", "1", "Invalid batched header")]
    [InlineData("x-reduct-time-1", "one,", "Invalid content length")]
    [InlineData("x-reduct-time-1", "1,text/plain,k=\"unterminated", "Invalid batched header")]
    public async Task Header_errors_are_request_level_422_and_write_nothing(string name, string value, string message)
    {
        using var response = await _client.SendAsync(Batch("bad", "x"u8.ToArray(), ("x-reduct-time-2", "0,"), (name, value)));

        await RawHttp.AssertErrorAsync(response, 422, message);
        Assert.Empty(_server.Storage.GetRecords("demo", "bad"));
    }

    [Fact]
    public async Task Empty_header_value_is_422_invalid_batched_header()
    {
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync("POST /api/v1/b/demo/e/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer my-token\r\nContent-Length: 0\r\nx-reduct-time-1:\r\n\r\n");

        var response = await exchange.ReadResponseAsync();

        Assert.Equal(422, response.Status);
        Assert.Equal("Invalid batched header", response.Header("x-reduct-error"));
    }

    [Fact]
    public async Task Non_ascii_header_value_is_422_malformed_header()
    {
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync([
            .. Encoding.Latin1.GetBytes("POST /api/v1/b/demo/e/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer my-token\r\nContent-Length: 1\r\nx-reduct-time-1: 1,text/plain,city=M"),
            0xC3, 0xBC,
            .. "nchen\r\n\r\na"u8.ToArray(),
        ]);

        var response = await exchange.ReadResponseAsync();

        Assert.Equal(422, response.Status);
        Assert.Equal("Malformed header received: failed to convert header to a str", response.Header("x-reduct-error"));
        Assert.Empty(_server.Storage.GetRecords("demo", "e"));
    }

    [Fact]
    public async Task Content_length_must_match_the_sum_of_record_lengths()
    {
        using var response = await _client.SendAsync(Batch("sum", "abcd"u8.ToArray(), ("x-reduct-time-1", "3,")));

        await RawHttp.AssertErrorAsync(response, 422, "content-length header does not match the sum of the content-lengths in the headers");
        Assert.Empty(_server.Storage.GetRecords("demo", "sum"));
    }

    [Fact]
    public async Task Only_empty_records_with_content_length_zero_are_stored()
    {
        using var response = await _client.SendAsync(Batch("empty", [], ("x-reduct-time-1", "0,"), ("x-reduct-time-2", "0,")));

        await RawHttp.AssertOkAsync(response);
        Assert.All(_server.Storage.GetRecords("demo", "empty"), r => Assert.Equal(0, r.Length));
        Assert.Equal(2, _server.Storage.GetRecords("demo", "empty").Count);
    }

    [Fact]
    public async Task Hierarchical_entry_with_empty_content_types_and_a_large_body()
    {
        var body = new byte[3_000_000];
        Random.Shared.NextBytes(body);
        using var response = await _client.SendAsync(Batch("x/y/z", body, ("x-reduct-time-1", "1000000,"), ("x-reduct-time-2", "1000000,"), ("x-reduct-time-3", "1000000,")));

        await RawHttp.AssertOkAsync(response);
        var records = _server.Storage.GetRecords("demo", "x/y/z");
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal("application/octet-stream", r.ContentType));
        Assert.Equal(body.AsSpan(2_000_000).ToArray(), records[2].ReadData());
    }

    [Fact]
    public async Task Missing_bucket_is_reported_per_record_since_1_19()
    {
        var request = RawHttp.Request(HttpMethod.Post, "api/v1/b/nope/e/batch", "ab"u8.ToArray());
        request.Headers.TryAddWithoutValidation("x-reduct-time-1", "1,");
        request.Headers.TryAddWithoutValidation("x-reduct-time-2", "1,");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            new Dictionary<string, string> { ["1"] = "404,Bucket 'nope' is not found", ["2"] = "404,Bucket 'nope' is not found" },
            response.RecordErrors());
    }

    [Fact]
    public async Task Invalid_entry_name_is_reported_per_record()
    {
        using var response = await _client.SendAsync(Batch("bad.name", "a"u8.ToArray(), ("x-reduct-time-1", "1,")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            new Dictionary<string, string> { ["1"] = "422,Entry name can contain only letters, digits and [-,_,/] symbols or end with '/$meta'" },
            response.RecordErrors());
    }

    [Fact]
    public async Task Short_body_keeps_finished_records_and_errors_the_one_in_progress()
    {
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync(
            "POST /api/v1/b/demo/partial/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer my-token\r\nTransfer-Encoding: chunked\r\n" +
            "x-reduct-time-1: 3,\r\nx-reduct-time-2: 5,\r\nx-reduct-time-3: 2,\r\n\r\n" +
            "5\r\nabcde\r\n0\r\n\r\n");

        var response = await exchange.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        Assert.Equal("Content is shorter than expected: no more data to read", response.Header("x-reduct-error"));
        Assert.Equal([1UL], _server.Storage.GetRecords("demo", "partial").Select(r => r.Timestamp));
        Assert.Equal("abc"u8.ToArray(), _server.Storage.FindRecord("demo", "partial", 1)!.ReadData());
        using var otherSize = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/demo/partial?ts=2", new byte[4]));
        await RawHttp.AssertErrorAsync(otherSize, 409, "A record with timestamp 2 already exists");
        await _client.WriteRecordAsync("demo", "partial", 3, new byte[7]);
    }
}
