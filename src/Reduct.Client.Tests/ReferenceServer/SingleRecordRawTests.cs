using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Single-record writes that need exact control of the request bytes.</summary>
public sealed class SingleRecordRawTests : IAsyncLifetime
{
    private ReductTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(_server);
        await client.CreateBucketAsync("data");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<RawResponse> ExchangeAsync(string head, string body = "")
    {
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync(head + "\r\n" + body);
        return await exchange.ReadResponseAsync();
    }

    [Fact]
    public async Task Without_any_size_header_the_write_is_422()
    {
        var response = await ExchangeAsync("POST /api/v1/b/data/e?ts=1 HTTP/1.1\r\nHost: x\r\n");

        Assert.Equal(422, response.Status);
        Assert.Equal("content-length header is required", response.Header("x-reduct-error"));
        Assert.Equal("{\"detail\": \"content-length header is required\"}", response.Body);
    }

    [Fact]
    public async Task Ts_is_checked_before_the_size()
    {
        var response = await ExchangeAsync("POST /api/v1/b/data/e HTTP/1.1\r\nHost: x\r\n");

        Assert.Equal(422, response.Status);
        Assert.Equal("'ts' parameter is required", response.Header("x-reduct-error"));
    }

    [Fact]
    public async Task Non_numeric_x_reduct_content_length_is_422()
    {
        var response = await ExchangeAsync("POST /api/v1/b/data/e?ts=1 HTTP/1.1\r\nHost: x\r\nx-reduct-content-length: ten\r\n");

        Assert.Equal(422, response.Status);
        Assert.Equal("x-reduct-content-length header must be a number", response.Header("x-reduct-error"));
    }

    [Fact]
    public async Task Chunked_body_with_x_reduct_content_length_is_stored()
    {
        var response = await ExchangeAsync(
            "POST /api/v1/b/data/chunked?ts=1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nx-reduct-content-length: 5\r\n",
            "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Equal("abcde"u8.ToArray(), _server.Storage.FindRecord("data", "chunked", 1)!.ReadData());
    }

    [Fact]
    public async Task Chunked_body_shorter_than_declared_leaves_an_errored_record_that_a_same_size_write_replaces()
    {
        var shortResponse = await ExchangeAsync(
            "POST /api/v1/b/data/short?ts=1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nx-reduct-content-length: 5\r\n",
            "3\r\nabc\r\n0\r\n\r\n");
        var otherSize = await ExchangeAsync("POST /api/v1/b/data/short?ts=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n", "wxyz");
        var sameSize = await ExchangeAsync("POST /api/v1/b/data/short?ts=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n", "vwxyz");

        Assert.Equal(400, shortResponse.Status);
        Assert.Equal("Content is shorter than expected: no more data to read", shortResponse.Header("x-reduct-error"));
        Assert.Equal(409, otherSize.Status);
        Assert.Equal("A record with timestamp 1 already exists", otherSize.Header("x-reduct-error"));
        Assert.Equal(200, sameSize.Status);
        Assert.Equal("vwxyz"u8.ToArray(), _server.Storage.FindRecord("data", "short", 1)!.ReadData());
    }

    [Fact]
    public async Task Content_length_wins_over_x_reduct_content_length()
    {
        var response = await ExchangeAsync(
            "POST /api/v1/b/data/both?ts=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nx-reduct-content-length: 99\r\n", "abc");

        Assert.Equal(200, response.Status);
        Assert.Equal(3, _server.Storage.FindRecord("data", "both", 1)!.Length);
    }

    [Fact]
    public async Task Non_ascii_content_type_is_422()
    {
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync([.. System.Text.Encoding.Latin1.GetBytes("POST /api/v1/b/data/e?ts=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Type: text/"), 0xC3, 0xA9, .. "\r\n\r\na"u8.ToArray()]);

        var response = await exchange.ReadResponseAsync();

        Assert.Equal(422, response.Status);
        Assert.Equal("Malformed content-type header: failed to convert header to a str", response.Header("x-reduct-error"));
        Assert.Null(_server.Storage.FindRecord("data", "e", 1));
    }

    [Fact]
    public async Task Non_ascii_label_value_is_422_naming_the_lower_cased_header()
    {
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync([.. System.Text.Encoding.Latin1.GetBytes("POST /api/v1/b/data/e?ts=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nX-Reduct-Label-City: M"), 0xC3, 0xBC, .. "nchen\r\n\r\na"u8.ToArray()]);

        var response = await exchange.ReadResponseAsync();

        Assert.Equal(422, response.Status);
        Assert.Equal("Label values for x-reduct-label-city must be valid UTF-8 strings", response.Header("x-reduct-error"));
    }

    [Fact]
    public async Task Error_messages_with_quotes_become_apostrophes_in_the_json_body()
    {
        var response = await ExchangeAsync("GET /api/v1/b/data/e?ts=x HTTP/1.1\r\nHost: x\r\n");

        Assert.Equal("{\"detail\": \"'ts' must be an unix timestamp in microseconds\"}", response.Body);
        Assert.Equal("application/json", response.Header("content-type"));
        Assert.Equal("ReductStore 1.21.0", response.Header("server"));
    }

    [Fact]
    public async Task Expect_100_continue_gets_the_continue_and_stores_the_record()
    {
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync("POST /api/v1/b/data/expect?ts=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");

        var interim = await exchange.ReadResponseAsync();
        await exchange.SendAsync("abc");
        var final = await exchange.ReadResponseAsync();

        Assert.Equal(100, interim.Status);
        Assert.Equal(200, final.Status);
        Assert.Equal("abc"u8.ToArray(), _server.Storage.FindRecord("data", "expect", 1)!.ReadData());
    }

    [Fact]
    public async Task Expect_100_continue_with_an_early_error_answers_without_asking_for_the_body()
    {
        using var exchange = await RawSocketExchange.ConnectAsync(_server);
        await exchange.SendAsync("POST /api/v1/b/missing/e?ts=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");

        var response = await exchange.ReadResponseAsync();

        Assert.Equal(404, response.Status);
        Assert.Equal("Bucket 'missing' is not found", response.Header("x-reduct-error"));
    }
}
