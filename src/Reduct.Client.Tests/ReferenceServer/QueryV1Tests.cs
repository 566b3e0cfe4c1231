using System.Net;
using System.Text;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Protocol v1 queries (reference §2): creating them, reading batches, ranges, ids and expiry.</summary>
public sealed class QueryV1Tests : ServerWithDataBucket
{
    [Fact]
    public async Task The_three_forms_create_queries_with_ids_from_one_server_wide_counter()
    {
        await _client.WriteNumberedAsync("data", "a", [1]);
        await _client.WriteNumberedAsync("data", "b", [1]);

        using var get = await _client.GetAsync("api/v1/b/data/a/q?start=1");
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/v1/b/data/a/q"));
        var posted = await _client.QueryAsync("data", "b", """{"query_type":"QUERY"}""");

        await RawHttp.AssertOkAsync(get);
        Assert.Equal("application/json", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"id\":1}", await get.Content.ReadAsStringAsync());
        await RawHttp.AssertOkAsync(head);
        Assert.Equal(8, head.Content.Headers.ContentLength);
        Assert.Equal(3UL, posted);
        using var second = await _client.ReadBatchAsync("data", "a", 2);
        Assert.Equal([1UL], second.BatchTimestamps());
    }

    [Fact]
    public async Task An_id_is_found_only_on_the_entry_that_created_it()
    {
        await _client.WriteNumberedAsync("data", "a", [1]);
        await _client.WriteNumberedAsync("data", "b", [1]);
        var id = await _client.QueryAsync("data", "a", """{"query_type":"QUERY"}""");

        using var other = await _client.ReadBatchAsync("data", "b", id);
        using var v2 = await _client.ReadV2Async("data", id);
        using var unknown = await _client.ReadBatchAsync("data", "a", 99);

        await RawHttp.AssertErrorAsync(other, 404, $"Query {id} not found and it might have expired. Check TTL in your query request.");
        await RawHttp.AssertErrorAsync(v2, 404, $"Query {id} not found and it might have expired. Check TTL in your query request.");
        await RawHttp.AssertErrorAsync(unknown, 404, "Query 99 not found and it might have expired. Check TTL in your query request.");
    }

    [Fact]
    public async Task Missing_bucket_and_entry_are_404()
    {
        await _client.WriteNumberedAsync("data", "a", [1]);

        using var noBucket = await _client.PostAsync("api/v1/b/nosuch/a/q", """{"query_type":"QUERY"}""");
        using var noEntry = await _client.GetAsync("api/v1/b/data/nosuch/q");
        using var readNoEntry = await _client.ReadBatchAsync("data", "nosuch", 1);

        await RawHttp.AssertErrorAsync(noBucket, 404, "Bucket 'nosuch' is not found");
        await RawHttp.AssertErrorAsync(noEntry, 404, "Entry 'nosuch' not found in bucket 'data'");
        await RawHttp.AssertErrorAsync(readNoEntry, 404, "Entry 'nosuch' not found in bucket 'data'");
    }

    [Theory]
    [InlineData("start=x", "'start' must be an unix timestamp in microseconds")]
    [InlineData("stop=-1", "'stop' must be an unix timestamp in microseconds")]
    [InlineData("ttl=1.5", "'ttl' must be in seconds as an unsigned integer")]
    [InlineData("continuous=yes", "'continue' must be a bool value")]
    [InlineData("ttl=x&start=y", "'ttl' must be in seconds as an unsigned integer")]
    public async Task Query_string_values_that_do_not_parse_are_422(string query, string message)
    {
        await _client.WriteNumberedAsync("data", "a", [1]);

        using var response = await _client.GetAsync("api/v1/b/data/a/q?" + query);

        await RawHttp.AssertErrorAsync(response, 422, message);
    }

    [Theory]
    [InlineData("x", "Invalid JSON: expected value at line 1 column 1")]
    [InlineData("""{"start":1}""", "Invalid JSON: missing field `query_type` at line 1 column 11")]
    [InlineData("""{"query_type":"query"}""", "Invalid JSON: unknown variant `query`, expected `QUERY` or `REMOVE` at line 1 column 21")]
    [InlineData("""{"query_type":"QUERY","ttl":"1"}""", "Invalid JSON: invalid type: string \"1\", expected u64 at line 1 column 31")]
    [InlineData("""{"query_type":"QUERY","when":{"&n":{"$foo":1}}}""", "Operator '$foo' not supported")]
    [InlineData("""{"query_type":"QUERY","ext":{"select":{}}}""", "Unknown extension 'select' in query id=1")]
    [InlineData("""{"query_type":"QUERY","when":{"#ext":{"ros":{}}}}""", "Unknown extension 'ros' in query id=1")]
    public async Task Query_bodies_that_do_not_parse_are_422(string body, string message)
    {
        await _client.WriteNumberedAsync("data", "a", [1]);

        using var response = await _client.PostAsync("api/v1/b/data/a/q", body);

        await RawHttp.AssertErrorAsync(response, 422, message);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_and_a_null_condition_is_no_condition()
    {
        await _client.WriteNumberedAsync("data", "a", [1, 2]);

        var id = await _client.QueryAsync("data", "a", """{"query_type":"QUERY","foo":1,"when":null}""");

        Assert.Equal([1UL, 2UL], await _client.ReadAllAsync("data", "a", id));
    }

    [Fact]
    public async Task The_range_is_start_inclusive_stop_exclusive()
    {
        await _client.WriteNumberedAsync("data", "a", QueryHttp.Range(10, 5));

        var id = await _client.QueryAsync("data", "a", """{"query_type":"QUERY","start":10,"stop":13}""");
        var empty = await _client.QueryAsync("data", "a", """{"query_type":"QUERY","start":11,"stop":11}""");

        Assert.Equal([10UL, 11UL, 12UL], await _client.ReadAllAsync("data", "a", id));
        Assert.Empty(await _client.ReadAllAsync("data", "a", empty));
    }

    [Theory]
    [InlineData("stop=5")]
    [InlineData("start=99999")]
    [InlineData("start=20&stop=10")]
    public async Task A_range_whose_effective_start_is_after_its_stop_is_422(string query)
    {
        await _client.WriteNumberedAsync("data", "a", [1000, 2000]);

        using var response = await _client.GetAsync("api/v1/b/data/a/q?" + query);

        await RawHttp.AssertErrorAsync(response, 422, "Start time must be before stop time");
    }

    [Fact]
    public async Task A_batch_carries_one_header_per_record_with_sorted_labels_and_the_bodies_in_time_order()
    {
        await _client.WriteRecordAsync("data", "sensor-1", 1000, "abc"u8.ToArray(), "text/plain", new Dictionary<string, string> { ["unit"] = "mm", ["pos"] = "1,2" });
        await _client.WriteRecordAsync("data", "sensor-1", 2000, "hello"u8.ToArray(), "application/json", new Dictionary<string, string> { ["unit"] = "cm" });
        var id = await _client.QueryAsync("data", "sensor-1", """{"query_type":"QUERY","stop":3000}""");

        var response = await QueryHttp.ExchangeAsync(_server, $"GET /api/v1/b/data/sensor-1/batch?q={id} HTTP/1.1\r\nHost: x\r\n");

        Assert.Equal(200, response.Status);
        Assert.Equal(
            [
                "content-length: 8",
                "content-type: application/octet-stream",
                "server: ReductStore 1.21.0",
                "x-reduct-api: 1.21",
                "x-reduct-last: true",
                "x-reduct-time-1000: 3,text/plain,pos=\"1,2\",unit=mm",
                "x-reduct-time-2000: 5,application/json,unit=cm",
            ],
            response.StableHeaderLines.Where(l => !l.StartsWith("connection:", StringComparison.Ordinal)));
        Assert.Equal("abchello", response.Body);
    }

    [Fact]
    public async Task Label_values_are_sent_raw_in_batch_headers()
    {
        await _client.WriteRecordAsync("data", "e", 1, "x"u8.ToArray(), null, new Dictionary<string, string>
        {
            ["both"] = "c,d\"e",
            ["eq"] = "x=y",
            ["empty"] = string.Empty,
            ["quoted"] = "\"q,r\"",
        });
        var id = await _client.QueryAsync("data", "e", """{"query_type":"QUERY"}""");

        using var response = await _client.ReadBatchAsync("data", "e", id);

        Assert.Equal("1,application/octet-stream,both=\"c,d\"e\",empty=,eq=x=y,quoted=\"\"q,r\"\"", response.Header("x-reduct-time-1"));
    }

    [Theory]
    [InlineData("", "'q' parameter is required for batched reads")]
    [InlineData("?q=abc", "'query' must be a number")]
    public async Task A_batched_read_needs_a_numeric_q(string query, string message)
    {
        await _client.WriteNumberedAsync("data", "a", [1]);

        using var response = await _client.GetAsync("api/v1/b/data/a/batch" + query);

        await RawHttp.AssertErrorAsync(response, 422, message);
    }

    [Fact]
    public async Task The_end_is_204_with_content_length_24_and_no_body_and_stays_so()
    {
        await _client.WriteNumberedAsync("data", "a", [1]);
        var id = await _client.QueryAsync("data", "a", """{"query_type":"QUERY"}""");
        using (var first = await _client.ReadBatchAsync("data", "a", id))
        {
            Assert.Equal("true", first.Header("x-reduct-last"));
        }

        var end = await QueryHttp.ExchangeAsync(_server, $"GET /api/v1/b/data/a/batch?q={id} HTTP/1.1\r\nHost: x\r\n");
        var again = await QueryHttp.ExchangeAsync(_server, $"GET /api/v1/b/data/a/batch?q={id} HTTP/1.1\r\nHost: x\r\n");

        foreach (var response in new[] { end, again })
        {
            Assert.Equal(204, response.Status);
            Assert.Equal("24", response.Header("content-length"));
            Assert.Equal("application/json", response.Header("content-type"));
            Assert.Equal("No content", response.Header("x-reduct-error"));
            Assert.Equal(string.Empty, response.Body);
        }
    }

    [Fact]
    public async Task Head_takes_the_records_from_the_query_like_get()
    {
        await _client.WriteNumberedAsync("data", "a", [1, 2, 3], size: 4);
        var id = await _client.QueryAsync("data", "a", """{"query_type":"QUERY","when":{"#batch_records":2}}""");

        using var head = await _client.ReadBatchAsync("data", "a", id, head: true);
        using var get = await _client.ReadBatchAsync("data", "a", id);

        Assert.Equal([1UL, 2UL], head.BatchTimestamps());
        Assert.Equal(8, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal([3UL], get.BatchTimestamps());
        Assert.Equal("xxxx", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_metadata_works_with_head_and_gets_no_response_at_all_with_get()
    {
        await _client.WriteNumberedAsync("data", "a", [1, 2], size: 4);
        var id = await _client.QueryAsync("data", "a", """{"query_type":"QUERY","only_metadata":true,"when":{"#batch_records":1}}""");

        using var head = await _client.ReadBatchAsync("data", "a", id, head: true);
        await Assert.ThrowsAsync<HttpRequestException>(() => _client.ReadBatchAsync("data", "a", id));

        Assert.Equal([1UL], head.BatchTimestamps());
        Assert.Equal("4,text/plain,n=1", head.Header("x-reduct-time-1"));
    }

    [Fact]
    public async Task One_record_per_request_then_204_then_the_closed_channel_400()
    {
        await _client.WriteRecordAsync("data", "a", 5, "abc"u8.ToArray(), "text/plain", new Dictionary<string, string> { ["k"] = "v" });
        await _client.WriteNumberedAsync("data", "a", [6]);
        var id = await _client.QueryAsync("data", "a", """{"query_type":"QUERY"}""");

        using var first = await _client.GetAsync($"api/v1/b/data/a?q={id}");
        using var second = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"api/v1/b/data/a?q={id}"));
        using var end = await _client.GetAsync($"api/v1/b/data/a?q={id}");
        using var closed = await _client.GetAsync($"api/v1/b/data/a?q={id}");
        using var bad = await _client.GetAsync("api/v1/b/data/a?q=x");

        await RawHttp.AssertOkAsync(first);
        Assert.Equal("5", first.Header("x-reduct-time"));
        Assert.Equal("v", first.Header("x-reduct-label-k"));
        Assert.Equal("text/plain", first.Header("content-type"));
        Assert.Null(first.Header("x-reduct-last"));
        Assert.Equal("abc", await first.Content.ReadAsStringAsync());
        Assert.Equal("6", second.Header("x-reduct-time"));
        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        Assert.Equal("No content", end.Header("x-reduct-error"));
        await RawHttp.AssertErrorAsync(closed, 400, $"Query'data/a/{id}' was closed: broken channel");
        await RawHttp.AssertErrorAsync(bad, 422, "'query' must be a number");
    }
}
