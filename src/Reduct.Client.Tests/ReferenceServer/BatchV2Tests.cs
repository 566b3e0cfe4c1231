using System.Net;
using System.Text;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class BatchV2Tests : IAsyncLifetime
{
    private const string ExampleHead =
        "POST /api/v1/io/demo/write HTTP/1.1\r\n" +
        "Host: localhost:8383\r\n" +
        "Authorization: Bearer my-token\r\n" +
        "Content-Type: application/octet-stream\r\n" +
        "Content-Length: {0}\r\n" +
        "x-reduct-entries: cam%2Ffront,imu\r\n" +
        "x-reduct-start-ts: 1700000000000000\r\n" +
        "x-reduct-labels: scene,q\r\n" +
        "x-reduct-0-0: 4,image/jpeg,0=a,1=90\r\n" +
        "x-reduct-0-33333: 4\r\n" +
        "x-reduct-0-66666: 4,,1=80\r\n" +
        "x-reduct-1-10: 6,text/plain,0=a\r\n" +
        "\r\n";

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

    private static HttpRequestMessage Batch(byte[] body, params (string Name, string Value)[] headers) => BatchTo("demo", body, headers);

    private static HttpRequestMessage BatchTo(string bucket, byte[] body, params (string Name, string Value)[] headers)
    {
        var request = RawHttp.Request(HttpMethod.Post, $"api/v1/io/{bucket}/write", body);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private async Task<RawResponse> SendExampleAsync(int contentLength)
    {
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, ExampleHead, contentLength) + "JPG1JPG2JPG3ax=1.0");
        return await exchange.ReadResponseAsync();
    }

    [Fact]
    public async Task Spec_example_11_2_stores_the_table_of_records()
    {
        var response = await SendExampleAsync(18);

        Assert.Equal(200, response.Status);
        Assert.Equal(
            ["content-length: 0", "server: ReductStore 1.21.0", "x-reduct-api: 1.21", "x-reduct-entries: cam%2Ffront,imu", "x-reduct-start-ts: 1700000000000000"],
            response.StableHeaderLines);
        var camera = _server.Storage.GetRecords("demo", "cam/front");
        Assert.Equal([1700000000000000UL, 1700000000033333UL, 1700000000066666UL], camera.Select(r => r.Timestamp));
        Assert.Equal(["JPG1", "JPG2", "JPG3"], camera.Select(r => Encoding.ASCII.GetString(r.ReadData())));
        Assert.All(camera, r => Assert.Equal("image/jpeg", r.ContentType));
        Assert.Equal(new Dictionary<string, string> { ["scene"] = "a", ["q"] = "90" }, camera[0].Labels);
        Assert.Equal(new Dictionary<string, string> { ["scene"] = "a", ["q"] = "90" }, camera[1].Labels);
        Assert.Equal(new Dictionary<string, string> { ["scene"] = "a", ["q"] = "80" }, camera[2].Labels);
        var imu = Assert.Single(_server.Storage.GetRecords("demo", "imu"));
        Assert.Equal(1700000000000010UL, imu.Timestamp);
        Assert.Equal("text/plain", imu.ContentType);
        Assert.Equal(new Dictionary<string, string> { ["scene"] = "a" }, imu.Labels);
        Assert.Equal("ax=1.0"u8.ToArray(), imu.ReadData());
    }

    [Fact]
    public async Task Spec_example_11_2_with_an_existing_record_reports_it_per_record()
    {
        await _client.WriteRecordAsync("demo", "cam/front", 1700000000033333, "OLD!"u8.ToArray());

        var response = await SendExampleAsync(18);

        Assert.Equal(200, response.Status);
        Assert.Equal(
            [
                "content-length: 0",
                "server: ReductStore 1.21.0",
                "x-reduct-api: 1.21",
                "x-reduct-entries: cam%2Ffront,imu",
                "x-reduct-error-0-33333: 409,A record with timestamp 1700000000033333 already exists",
                "x-reduct-start-ts: 1700000000000000",
            ],
            response.StableHeaderLines);
        Assert.Equal(3, _server.Storage.GetRecords("demo", "cam/front").Count);
        Assert.Equal("OLD!"u8.ToArray(), _server.Storage.FindRecord("demo", "cam/front", 1700000000033333)!.ReadData());
        Assert.Equal("JPG3"u8.ToArray(), _server.Storage.FindRecord("demo", "cam/front", 1700000000066666)!.ReadData());
        Assert.Single(_server.Storage.GetRecords("demo", "imu"));
    }

    [Fact]
    public async Task Spec_example_11_3_length_mismatch_is_422_byte_for_byte_and_writes_nothing()
    {
        var response = await SendExampleAsync(20);

        Assert.Equal(422, response.Status);
        Assert.Equal(
            [
                "content-length: 96",
                "content-type: application/json",
                "server: ReductStore 1.21.0",
                "x-reduct-api: 1.21",
                "x-reduct-error: content-length header does not match the sum of the content-lengths in the headers",
            ],
            response.StableHeaderLines);
        Assert.Equal("{\"detail\": \"content-length header does not match the sum of the content-lengths in the headers\"}", response.Body);
        Assert.Equal(0, _server.Storage.CountRecords("demo"));
    }

    [Fact]
    public async Task Body_is_read_in_entry_order_then_time_order()
    {
        using var response = await _client.SendAsync(Batch("0000011"u8.ToArray(),
            ("x-reduct-entries", "first,second"),
            ("x-reduct-start-ts", "100"),
            ("x-reduct-1-0", "2,"),
            ("x-reduct-0-10", "5,")));

        await RawHttp.AssertOkAsync(response);
        Assert.Equal("00000"u8.ToArray(), _server.Storage.FindRecord("demo", "first", 110)!.ReadData());
        Assert.Equal("11"u8.ToArray(), _server.Storage.FindRecord("demo", "second", 100)!.ReadData());
    }

    [Fact]
    public async Task Raw_slashes_in_entry_names_are_accepted_and_echoed_encoded()
    {
        using var response = await _client.SendAsync(Batch("ab"u8.ToArray(),
            ("x-reduct-entries", "x/y-0,x/y-1"),
            ("x-reduct-start-ts", "1"),
            ("x-reduct-0-0", "1,"),
            ("x-reduct-1-0", "1,")));

        await RawHttp.AssertOkAsync(response);
        Assert.Equal("x%2Fy-0,x%2Fy-1", response.Header("x-reduct-entries"));
        Assert.Single(_server.Storage.GetRecords("demo", "x/y-0"));
        Assert.Single(_server.Storage.GetRecords("demo", "x/y-1"));
    }

    [Fact]
    public async Task Conflict_on_0_0_gives_exactly_three_reduct_headers_and_stores_the_rest()
    {
        await _client.WriteRecordAsync("demo", "a", 1000, [0]);

        using var response = await _client.SendAsync(Batch("xy"u8.ToArray(),
            ("x-reduct-entries", "a,b"),
            ("x-reduct-start-ts", "1000"),
            ("x-reduct-0-0", "1,"),
            ("x-reduct-1-0", "1,")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reductHeaders = response.Headers
            .Where(h => h.Key.StartsWith("x-reduct-", StringComparison.OrdinalIgnoreCase) && h.Key != "x-reduct-api")
            .Select(h => h.Key)
            .Order()
            .ToList();
        Assert.Equal(["x-reduct-entries", "x-reduct-error-0-0", "x-reduct-start-ts"], reductHeaders);
        Assert.StartsWith("409,", response.Header("x-reduct-error-0-0"), StringComparison.Ordinal);
        Assert.Equal("y"u8.ToArray(), _server.Storage.FindRecord("demo", "b", 1000)!.ReadData());
    }

    [Fact]
    public async Task Content_type_and_labels_are_reused_and_deltas_apply_and_empty_values_remove()
    {
        using var response = await _client.SendAsync(Batch(new byte[15],
            ("x-reduct-entries", "e"),
            ("x-reduct-start-ts", "0"),
            ("x-reduct-labels", "k,gone"),
            ("x-reduct-0-1", "10,text/plain,0=y,1=temp"),
            ("x-reduct-0-2", "2"),
            ("x-reduct-0-3", "3,,0=z,1=,name=\"a,b\"")));

        await RawHttp.AssertOkAsync(response);
        var records = _server.Storage.GetRecords("demo", "e");
        Assert.Equal(new Dictionary<string, string> { ["k"] = "y", ["gone"] = "temp" }, records[0].Labels);
        Assert.Equal("text/plain", records[1].ContentType);
        Assert.Equal(new Dictionary<string, string> { ["k"] = "y", ["gone"] = "temp" }, records[1].Labels);
        Assert.Equal("text/plain", records[2].ContentType);
        Assert.Equal(new Dictionary<string, string> { ["k"] = "z", ["name"] = "a,b" }, records[2].Labels);
    }

    [Fact]
    public async Task Entries_opened_with_the_same_text_keep_their_own_labels_when_one_changes_later()
    {
        // a and b open with the same value (the server parses it once); b then changes a label, which must not reach a.
        using var response = await _client.SendAsync(Batch("xyz"u8.ToArray(),
            ("x-reduct-entries", "a,b"),
            ("x-reduct-start-ts", "0"),
            ("x-reduct-labels", "k"),
            ("x-reduct-0-0", "1,text/plain,0=same"),
            ("x-reduct-1-0", "1,text/plain,0=same"),
            ("x-reduct-1-1", "1,,0=changed"),
            ("x-reduct-0-1", "0")));

        await RawHttp.AssertOkAsync(response);
        var a = _server.Storage.GetRecords("demo", "a");
        var b = _server.Storage.GetRecords("demo", "b");
        Assert.All(a, record => Assert.Equal(new Dictionary<string, string> { ["k"] = "same" }, record.Labels));
        Assert.Equal(new Dictionary<string, string> { ["k"] = "same" }, b[0].Labels);
        Assert.Equal(new Dictionary<string, string> { ["k"] = "changed" }, b[1].Labels);

        // Bodies arrive whole (hashed in one call) or empty: both hashes are the bodies' own.
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("x"u8)).ToLowerInvariant(), a[0].Sha256);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", a[1].Sha256);
    }

    [Fact]
    public async Task Numeric_label_keys_are_names_without_a_label_table()
    {
        using var response = await _client.SendAsync(Batch("a"u8.ToArray(),
            ("x-reduct-entries", "e"),
            ("x-reduct-start-ts", "0"),
            ("x-reduct-0-0", "1,,0=y")));

        await RawHttp.AssertOkAsync(response);
        var record = _server.Storage.FindRecord("demo", "e", 0)!;
        Assert.Equal("application/octet-stream", record.ContentType);
        Assert.Equal(new Dictionary<string, string> { ["0"] = "y" }, record.Labels);
    }

    [Theory]
    [InlineData("x-reduct-0-0", "10", "Content-type and labels must be provided for the first record of an entry")]
    [InlineData("x-reduct-1-0", "1,", "Invalid header 'x-reduct-1-0': entry index out of range")]
    [InlineData("x-reduct-time-123", "1,", "Invalid header 'x-reduct-time-123': entry index must be a number")]
    [InlineData("x-reduct-0-0", "1,,@cpu=1", "Label names must not start with '@': reserved for computed labels")]
    [InlineData("x-reduct-0-0", "1,,2=x", "Label index '2' is out of range")]
    [InlineData("x-reduct-0-0", "one,", "Invalid batched header")]
    [InlineData("x-reduct-0-99999999999999999999", "1,", "Invalid header 'x-reduct-0-99999999999999999999': must be an unix timestamp in microseconds")]
    public async Task Record_header_errors_are_request_level_422(string name, string value, string message)
    {
        using var response = await _client.SendAsync(Batch("a"u8.ToArray(),
            ("x-reduct-entries", "e"),
            ("x-reduct-start-ts", "0"),
            ("x-reduct-labels", "k"),
            (name, value)));

        await RawHttp.AssertErrorAsync(response, 422, message);
        Assert.Equal(0, _server.Storage.CountRecords("demo"));
    }

    [Theory]
    [InlineData("e", null, "x-reduct-start-ts header is required")]
    [InlineData("e", "soon", "Invalid x-reduct-start-ts header")]
    [InlineData("sensor,,ro%2Ftopic", "1", "x-reduct-entries header must not contain empty entry names")]
    [InlineData("foo%ZZ", "1", "Invalid entry encoding in header name: 'foo%ZZ'")]
    [InlineData("foo%FF", "1", "Entry name is not valid UTF-8 in header 'foo%FF'")]
    public async Task Metadata_header_errors_are_request_level_422(string? entries, string? startTs, string message)
    {
        var headers = new List<(string, string)> { ("x-reduct-0-0", "1,") };
        if (entries is not null)
        {
            headers.Add(("x-reduct-entries", entries));
        }

        if (startTs is not null)
        {
            headers.Add(("x-reduct-start-ts", startTs));
        }

        using var response = await _client.SendAsync(Batch("a"u8.ToArray(), [.. headers]));

        await RawHttp.AssertErrorAsync(response, 422, message);
    }

    [Fact]
    public async Task Blank_entries_and_label_headers_are_422()
    {
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync("POST /api/v1/io/demo/write HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer my-token\r\nContent-Length: 0\r\nx-reduct-entries: \r\nx-reduct-start-ts: 0\r\n\r\n");
        var entries = await exchange.ReadResponseAsync();
        await exchange.SendAsync("POST /api/v1/io/demo/write HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer my-token\r\nContent-Length: 0\r\nx-reduct-start-ts: 0\r\nx-reduct-labels:\r\n\r\n");
        var labels = await exchange.ReadResponseAsync();

        Assert.Equal("x-reduct-entries header is required", entries.Header("x-reduct-error"));
        Assert.Equal("x-reduct-labels header is empty", labels.Header("x-reduct-error"));
    }

    [Fact]
    public async Task Without_a_size_header_the_batch_is_422()
    {
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync(
            "POST /api/v1/io/demo/write HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer my-token\r\nTransfer-Encoding: chunked\r\n" +
            "x-reduct-entries: e\r\nx-reduct-start-ts: 0\r\nx-reduct-0-0: 1,\r\n\r\n1\r\na\r\n0\r\n\r\n");

        var response = await exchange.ReadResponseAsync();

        Assert.Equal(422, response.Status);
        Assert.Equal("content-length header is required", response.Header("x-reduct-error"));
    }

    [Fact]
    public async Task Empty_batch_is_accepted()
    {
        using var response = await _client.SendAsync(Batch([], ("x-reduct-start-ts", "0")));

        await RawHttp.AssertOkAsync(response);
        Assert.Equal("0", response.Header("x-reduct-start-ts"));
    }

    [Fact]
    public async Task Missing_bucket_and_bad_entry_names_are_per_record_errors()
    {
        using var missing = await _client.SendAsync(BatchTo("nope", "ab"u8.ToArray(),
            ("x-reduct-entries", "e"), ("x-reduct-start-ts", "5"), ("x-reduct-0-0", "1,"), ("x-reduct-0-1", "1,")));
        using var badName = await _client.SendAsync(Batch("ab"u8.ToArray(),
            ("x-reduct-entries", "cam 2,ok"), ("x-reduct-start-ts", "5"), ("x-reduct-0-0", "1,"), ("x-reduct-1-0", "1,")));

        Assert.Equal(
            new Dictionary<string, string> { ["0-0"] = "404,Bucket 'nope' is not found", ["0-1"] = "404,Bucket 'nope' is not found" },
            missing.RecordErrors());
        Assert.Equal(
            new Dictionary<string, string> { ["0-0"] = "422,Entry name can contain only letters, digits and [-,_,/] symbols or end with '/$meta'" },
            badName.RecordErrors());
        Assert.Equal("cam%202,ok", badName.Header("x-reduct-entries"));
        Assert.Single(_server.Storage.GetRecords("demo", "ok"));
    }

    [Fact]
    public async Task Short_body_keeps_finished_records_of_every_entry()
    {
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync(
            "POST /api/v1/io/demo/write HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer my-token\r\nTransfer-Encoding: chunked\r\nx-reduct-content-length: 9\r\n" +
            "x-reduct-entries: a,b\r\nx-reduct-start-ts: 0\r\nx-reduct-0-0: 2,\r\nx-reduct-1-0: 3,\r\nx-reduct-1-1: 4,\r\n\r\n" +
            "6\r\naabbbc\r\n0\r\n\r\n");

        var response = await exchange.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        Assert.Equal("Content is shorter than expected: no more data to read", response.Header("x-reduct-error"));
        Assert.Equal("aa"u8.ToArray(), _server.Storage.FindRecord("demo", "a", 0)!.ReadData());
        Assert.Equal("bbb"u8.ToArray(), _server.Storage.FindRecord("demo", "b", 0)!.ReadData());
        Assert.Null(_server.Storage.FindRecord("demo", "b", 1));
    }
}
