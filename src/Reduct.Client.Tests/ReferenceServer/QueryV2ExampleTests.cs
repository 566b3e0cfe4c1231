using System.Globalization;
using System.Text;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>
/// The worked examples of protocol v2 reads (reference §3.3 and §3.4), request and response bytes. The response
/// headers this server writes itself appear in Kestrel's order, so the test compares the <c>x-reduct-*</c> lines in
/// the order they were received, the whole set of header lines, and the body. Labels a record brings in together
/// are indexed in the order they were written, which is the order the examples show.
/// </summary>
public sealed class QueryV2ExampleTests : IAsyncLifetime
{
    private ReductTestServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "1.20" });
        _client = RawHttp.CreateClient(_server);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private async Task WriteAsync(string bucket, string entry, ulong ts, string body, string contentType, params (string Name, string Value)[] labels) =>
        await _client.WriteRecordAsync(bucket, entry, ts, Encoding.ASCII.GetBytes(body), contentType, labels.ToDictionary(l => l.Name, l => l.Value));

    /// <summary>Uses up query ids until the next one is <paramref name="next"/>.</summary>
    private async Task SkipIdsUntilAsync(string bucket, string entry, ulong next)
    {
        while (await _client.QueryAsync(bucket, entry, """{"query_type":"QUERY"}""") < next - 1)
        {
        }
    }

    private async Task<RawResponse> ReadAsync(string bucket, string id) =>
        await QueryHttp.ExchangeAsync(_server, $"GET /api/v1/io/{bucket}/read HTTP/1.1\r\nHost: 127.0.0.1:19411\r\nx-reduct-query-id: {id}\r\n");

    private static void AssertReductHeaders(RawResponse response, params string[] expected)
    {
        var received = response.Headers
            .Where(h => h.Name.StartsWith("x-reduct-", StringComparison.OrdinalIgnoreCase) && !h.Name.Equals("x-reduct-api", StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Name + ": " + h.Value);
        Assert.Equal(string.Join("\r\n", expected), string.Join("\r\n", received));
    }

    private static void AssertCommonHeaders(RawResponse response, int contentLength) =>
        Assert.Equal(
            new[] { "connection: close", $"content-length: {contentLength}", "content-type: application/octet-stream", "server: ReductStore 1.20.0", "x-reduct-api: 1.20" },
            response.StableHeaderLines.Where(l => !l.StartsWith("x-reduct-", StringComparison.Ordinal) || l.StartsWith("x-reduct-api", StringComparison.Ordinal)));

    [Fact]
    public async Task Worked_example_A_reads_two_entries_with_label_deltas()
    {
        const ulong Base = 1700000000000000;
        await _client.CreateBucketAsync("multi");
        for (ulong i = 0; i < 3; i++)
        {
            await WriteAsync("multi", "imu", Base + (i * 1000), "i" + i.ToString(CultureInfo.InvariantCulture), "application/json", ("axis", "x"), ("seq", i.ToString(CultureInfo.InvariantCulture)));
        }

        await WriteAsync("multi", "cam/front", Base + 500, "JPEG0", "image/jpeg", ("res", "hd"), ("note", "a,b"));
        await WriteAsync("multi", "cam/front", Base + 1500, "JPEG11", "image/jpeg", ("res", "sd"));
        await WriteAsync("multi", "cam/front", Base + 2500, "J2", "image/png", ("res", "sd"), ("flag", "1"));
        await SkipIdsUntilAsync("multi", "imu", 5);

        var body = """{"query_type":"QUERY","entries":["imu","cam/front"],"start":1700000000000000,"stop":1700000000003000}""";
        var created = await QueryHttp.ExchangeAsync(_server, "POST /api/v1/io/multi/q HTTP/1.1\r\nHost: 127.0.0.1:19411\r\nContent-Length: 101\r\n", body);
        var read = await ReadAsync("multi", "5");
        var end = await ReadAsync("multi", "5");

        Assert.Equal(200, created.Status);
        Assert.Equal("application/json", created.Header("content-type"));
        Assert.Equal("8", created.Header("content-length"));
        Assert.Equal("{\"id\":5}", created.Body);

        Assert.Equal(200, read.Status);
        AssertReductHeaders(
            read,
            "x-reduct-entries: imu,cam%2Ffront",
            "x-reduct-start-ts: 1700000000000000",
            "x-reduct-labels: axis,seq,res,note,flag",
            "x-reduct-0-0: 2,application/json,0=x,1=0",
            "x-reduct-0-1000: 2,,1=1",
            "x-reduct-0-2000: 2,,1=2",
            "x-reduct-1-500: 5,image/jpeg,2=hd,3=\"a,b\"",
            "x-reduct-1-1500: 6,,2=sd,3=",
            "x-reduct-1-2500: 2,image/png,4=1",
            "x-reduct-last: true");
        AssertCommonHeaders(read, 19);
        Assert.Equal("i0i1i2JPEG0JPEG11J2", read.Body);

        Assert.Equal(204, end.Status);
        Assert.Equal("No content", end.Header("x-reduct-error"));
        Assert.Equal("24", end.Header("content-length"));
        Assert.Equal(string.Empty, end.Body);
    }

    [Fact]
    public async Task Worked_example_B_renumbers_entries_and_labels_in_each_response()
    {
        const ulong Base = 1735689600000000;
        await _client.CreateBucketAsync("ex");
        await WriteAsync("ex", "temp", Base, "21.5", "text/plain", ("room", "kitchen"));
        await WriteAsync("ex", "temp", Base + 1_000_000, "21.7", "text/plain", ("room", "kitchen"));
        await WriteAsync("ex", "temp", Base + 2_000_000, "22.0", "text/plain", ("room", "hall"));
        await WriteAsync("ex", "cam/front", Base + 500_000, "JPEG", "image/jpeg", ("q", "hi,res"));
        await WriteAsync("ex", "cam/front", Base + 1_500_000, "PNG!", "image/png");
        await SkipIdsUntilAsync("ex", "temp", 105);

        var body = """{"query_type":"QUERY","entries":["temp","cam/*"],"when":{"#batch_records":3}}""";
        var created = await QueryHttp.ExchangeAsync(_server, "POST /api/v1/io/ex/q HTTP/1.1\r\nHost: 127.0.0.1:19411\r\nContent-Type: application/json\r\nContent-Length: 77\r\n", body);
        var first = await ReadAsync("ex", "105");
        var second = await ReadAsync("ex", "105");
        var third = await ReadAsync("ex", "105");

        Assert.Equal(200, created.Status);
        Assert.Equal("{\"id\":105}", created.Body);

        AssertReductHeaders(
            first,
            "x-reduct-entries: temp,cam%2Ffront",
            "x-reduct-start-ts: 1735689600000000",
            "x-reduct-labels: room,q",
            "x-reduct-0-0: 4,text/plain,0=kitchen",
            "x-reduct-0-1000000: 4",
            "x-reduct-1-500000: 4,image/jpeg,1=\"hi,res\"",
            "x-reduct-last: false");
        AssertCommonHeaders(first, 12);
        Assert.Equal("21.521.7JPEG", first.Body);

        AssertReductHeaders(
            second,
            "x-reduct-entries: cam%2Ffront,temp",
            "x-reduct-start-ts: 1735689601500000",
            "x-reduct-labels: room",
            "x-reduct-0-0: 4,image/png",
            "x-reduct-1-500000: 4,text/plain,0=hall",
            "x-reduct-last: true");
        AssertCommonHeaders(second, 8);
        Assert.Equal("PNG!22.0", second.Body);

        Assert.Equal(204, third.Status);
        Assert.Equal("No content", third.Header("x-reduct-error"));
        Assert.Equal("24", third.Header("content-length"));
    }
}
