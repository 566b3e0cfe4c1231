using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Protocol v2 queries (reference §3.1, §3.2): entry selection, sub-queries, ids, the read headers and the end.</summary>
public sealed class QueryV2Tests
{
    private static async Task<(ReductTestServer Server, HttpClient Client)> StartAsync(string version = "1.20", ReductTestServerOptions? options = null)
    {
        options ??= new ReductTestServerOptions();
        options.ApiVersion = version;
        var server = await ReductTestServer.StartAsync(options);
        var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        return (server, client);
    }

    /// <summary>Writes one record at ts 1 (and at 1000 for "late") to each entry.</summary>
    private static async Task WriteEntriesAsync(HttpClient client, params string[] entries)
    {
        foreach (var entry in entries)
        {
            await client.WriteRecordAsync("data", entry, 1, "x"u8.ToArray(), "text/plain", entry.EndsWith("$meta", StringComparison.Ordinal) ? new Dictionary<string, string> { ["key"] = "k" } : null);
        }
    }

    /// <summary>Reads the query to its end and returns "entry@ts" in the order of each response's body.</summary>
    private static async Task<List<string>> ReadAllAsync(HttpClient client, ulong id)
    {
        var all = new List<string>();
        while (true)
        {
            using var response = await client.ReadV2Async("data", id);
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return all;
            }

            await RawHttp.AssertOkAsync(response);
            all.AddRange(Records(response));
        }
    }

    private static IEnumerable<string> Records(HttpResponseMessage response)
    {
        var entries = response.Header("x-reduct-entries")!.Split(',').Select(Uri.UnescapeDataString).ToArray();
        var start = ulong.Parse(response.Header("x-reduct-start-ts")!, CultureInfo.InvariantCulture);
        return response.Headers
            .Select(h => h.Key)
            .Where(k => k.Length > 9 && char.IsAsciiDigit(k[9]))
            .Select(k => k[9..].Split('-'))
            .Select(p => $"{entries[int.Parse(p[0], CultureInfo.InvariantCulture)]}@{start + ulong.Parse(p[1], CultureInfo.InvariantCulture)}");
    }

    private static async Task<List<string>> SelectAsync(HttpClient client, string entriesJson) =>
        (await ReadAllAsync(client, await client.QueryAsync("data", null, $$"""{"query_type":"QUERY","entries":{{entriesJson}}}""")))
            .Select(r => r[..r.IndexOf('@', StringComparison.Ordinal)]).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Entry_selection_up_to_1_20()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await WriteEntriesAsync(client, "cam/front", "cam/back", "camera", "imu", "cam/$meta");

        Assert.Equal(["cam/back", "cam/front", "camera", "imu"], (await ReadAllAsync(client, await client.QueryAsync("data", null, """{"query_type":"QUERY"}"""))).Select(r => r[..^2]).Order(StringComparer.Ordinal));
        Assert.Equal(["cam/back", "cam/front", "camera", "imu"], await SelectAsync(client, """["imu","*"]"""));
        Assert.Equal(["cam/$meta", "imu"], await SelectAsync(client, """["imu","cam/$meta","ghost"]"""));
        Assert.Equal(["cam/back", "cam/front", "camera"], await SelectAsync(client, """["cam*"]"""));
        Assert.Equal(["cam/back", "cam/front"], await SelectAsync(client, """["cam/*"]"""));
        Assert.Empty(await SelectAsync(client, "[]"));
    }

    [Fact]
    public async Task Entry_selection_from_1_21_uses_path_globs_and_exclusions()
    {
        var (server, client) = await StartAsync("1.21");
        await using var _ = server;
        using var __ = client;
        await WriteEntriesAsync(client, "cam/front", "cam/front/left", "cam/back", "imu", "cam/$meta");

        Assert.Equal(["cam/back", "cam/front"], await SelectAsync(client, """["cam/*"]"""));
        Assert.Equal(["cam/back", "cam/front", "cam/front/left"], await SelectAsync(client, """["/cam/**"]"""));
        Assert.Equal(["cam/back", "cam/front", "cam/front/left"], await SelectAsync(client, """["cam*"]"""));
        Assert.Equal(["cam/back", "cam/front/left", "imu"], await SelectAsync(client, """["!cam/front"]"""));
        Assert.Equal(["cam/back", "cam/front", "cam/front/left", "imu"], await SelectAsync(client, "[]"));
    }

    [Fact]
    public async Task Stateful_operators_count_per_entry()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        foreach (var entry in new[] { "a", "b", "c" })
        {
            await client.WriteNumberedAsync("data", entry, QueryHttp.Range(1, 4));
        }

        var id = await client.QueryAsync("data", null, """{"query_type":"QUERY","when":{"$limit":2}}""");

        Assert.Equal(["a@1", "b@1", "c@1", "a@2", "b@2", "c@2"], (await ReadAllAsync(client, id)).OrderBy(r => r[2..], StringComparer.Ordinal).ThenBy(r => r, StringComparer.Ordinal));
    }

    [Fact]
    public async Task One_entry_with_an_invalid_default_range_fails_the_whole_post()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.WriteNumberedAsync("data", "early", [1]);
        await client.WriteNumberedAsync("data", "late", [1000]);

        using var response = await client.PostAsync("api/v1/io/data/q", """{"query_type":"QUERY","stop":4}""");

        await RawHttp.AssertErrorAsync(response, 422, "Start time must be before stop time");
    }

    [Fact]
    public async Task Ids_are_allocated_for_the_bucket_query_then_each_sub_query()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await WriteEntriesAsync(client, "a", "b");

        var bucketQuery = await client.QueryAsync("data", null, """{"query_type":"QUERY"}""");
        var next = await client.QueryAsync("data", "a", """{"query_type":"QUERY"}""");
        using var zeroTtl = await client.PostAsync("api/v1/io/data/q", """{"query_type":"QUERY","ttl":0}""");

        Assert.Equal(1UL, bucketQuery);
        Assert.Equal(4UL, next);
        await RawHttp.AssertErrorAsync(zeroTtl, 404, "Query 6 not found and it might have expired. Check TTL in your query request.");
    }

    [Theory]
    [InlineData(null, 422, "x-reduct-query-id header is required for batched reads")]
    [InlineData("abc", 422, "Invalid query id")]
    [InlineData("77", 404, "Query 77 not found and it might have expired. Check TTL in your query request.")]
    public async Task The_read_needs_a_known_numeric_query_id(string? header, int status, string message)
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/io/data/read");
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("x-reduct-query-id", header);
        }

        using var response = await client.SendAsync(request);

        await RawHttp.AssertErrorAsync(response, status, message);
    }

    [Fact]
    public async Task A_missing_bucket_is_404_for_the_query_and_the_read()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;

        using var query = await client.PostAsync("api/v1/io/nosuch/q", """{"query_type":"QUERY"}""");
        using var read = await client.ReadV2Async("nosuch", 1);

        await RawHttp.AssertErrorAsync(query, 404, "Bucket 'nosuch' is not found");
        await RawHttp.AssertErrorAsync(read, 404, "Bucket 'nosuch' is not found");
    }

    [Fact]
    public async Task A_v1_id_is_unknown_to_the_v2_read()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await WriteEntriesAsync(client, "a");
        var id = await client.QueryAsync("data", "a", """{"query_type":"QUERY"}""");

        using var read = await client.ReadV2Async("data", id);

        await RawHttp.AssertErrorAsync(read, 404, $"Query {id} not found and it might have expired. Check TTL in your query request.");
    }

    [Fact]
    public async Task Entries_are_numbered_by_their_earliest_record_with_ties_by_name_and_the_body_is_entry_major()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.WriteRecordAsync("data", "late", 20, "AA"u8.ToArray());
        await client.WriteRecordAsync("data", "early", 10, "BBB"u8.ToArray());
        await client.WriteRecordAsync("data", "late", 30, "C"u8.ToArray());
        await client.WriteRecordAsync("data", "tie-b", 5, "d"u8.ToArray());
        await client.WriteRecordAsync("data", "tie-a", 5, "e"u8.ToArray());
        var id = await client.QueryAsync("data", null, """{"query_type":"QUERY"}""");

        using var response = await client.ReadV2Async("data", id);

        Assert.Equal("tie-a,tie-b,early,late", response.Header("x-reduct-entries"));
        Assert.Equal("5", response.Header("x-reduct-start-ts"));
        Assert.Null(response.Header("x-reduct-labels"));
        Assert.Equal("1,application/octet-stream", response.Header("x-reduct-0-0"));
        Assert.Equal("3,application/octet-stream", response.Header("x-reduct-2-5"));
        Assert.Equal("2,application/octet-stream", response.Header("x-reduct-3-15"));
        Assert.Equal("1", response.Header("x-reduct-3-25"));
        Assert.Equal("edBBBAAC", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_empty_label_value_is_sent_like_a_removed_label()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.WriteRecordAsync("data", "e", 1, "a"u8.ToArray(), null, new Dictionary<string, string> { ["k"] = string.Empty, ["x"] = "1" });
        await client.WriteRecordAsync("data", "e", 2, "b"u8.ToArray(), null, new Dictionary<string, string> { ["k"] = string.Empty });
        var id = await client.QueryAsync("data", null, """{"query_type":"QUERY"}""");

        using var response = await client.ReadV2Async("data", id);

        Assert.Equal("k,x", response.Header("x-reduct-labels"));
        Assert.Equal("1,application/octet-stream,0=,1=1", response.Header("x-reduct-0-0"));
        Assert.Equal("1,,1=", response.Header("x-reduct-0-1"));
    }

    [Fact]
    public async Task The_batch_limits_apply_to_the_whole_response()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        foreach (var entry in new[] { "a", "b", "c" })
        {
            await client.WriteNumberedAsync("data", entry, QueryHttp.Range(1, 40));
        }

        var id = await client.QueryAsync("data", null, """{"query_type":"QUERY"}""");
        using var first = await client.ReadV2Async("data", id);
        using var second = await client.ReadV2Async("data", id);

        Assert.Equal(85, Records(first).Count());
        Assert.Equal("false", first.Header("x-reduct-last"));
        Assert.Equal(35, Records(second).Count());
        Assert.Equal("true", second.Header("x-reduct-last"));
    }

    [Fact]
    public async Task Head_consumes_records_and_only_metadata_works_with_head()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.WriteNumberedAsync("data", "e", QueryHttp.Range(1, 3), size: 5);
        var id = await client.QueryAsync("data", null, """{"query_type":"QUERY","only_metadata":true,"when":{"#batch_records":2}}""");

        using var head = await client.ReadV2Async("data", id, head: true);
        using var next = await client.ReadV2Async("data", id, head: true);

        Assert.Equal(["e@1", "e@2"], Records(head));
        Assert.Equal(10, head.Content.Headers.ContentLength);
        Assert.Equal(["e@3"], Records(next));
    }

    [Fact]
    public async Task A_strict_condition_fails_the_read_when_one_entry_lacks_the_label()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.WriteNumberedAsync("data", "with", [1]);
        await client.WriteRecordAsync("data", "without", 2, "x"u8.ToArray());
        var id = await client.QueryAsync("data", null, """{"query_type":"QUERY","strict":true,"when":{"&n":{"$gt":0}}}""");

        using var read = await client.ReadV2Async("data", id);

        await RawHttp.AssertErrorAsync(read, 404, "Reference 'n' not found");
    }

    [Fact]
    public async Task A_continuous_read_with_nothing_new_answers_an_empty_200_after_the_batch_timeout()
    {
        var (server, client) = await StartAsync(options: new ReductTestServerOptions { BatchTimeout = TimeSpan.FromMilliseconds(300) });
        await using var _ = server;
        using var __ = client;
        await client.WriteNumberedAsync("data", "e", [1]);
        var id = await client.QueryAsync("data", null, """{"query_type":"QUERY","continuous":true,"ttl":60,"when":{"#record_timeout":0}}""");

        using var withRecords = await client.ReadV2Async("data", id);
        var clock = Stopwatch.StartNew();
        var empty = await QueryHttp.ExchangeAsync(server, $"GET /api/v1/io/data/read HTTP/1.1\r\nHost: x\r\nx-reduct-query-id: {id}\r\n");
        var waited = clock.Elapsed;

        Assert.Equal(["e@1"], Records(withRecords));
        Assert.Equal("false", withRecords.Header("x-reduct-last"));
        Assert.Equal(200, empty.Status);
        Assert.Equal(string.Empty, empty.Header("x-reduct-entries"));
        Assert.Equal("0", empty.Header("x-reduct-start-ts"));
        Assert.Equal("0", empty.Header("content-length"));
        Assert.Equal("false", empty.Header("x-reduct-last"));
        Assert.True(waited >= TimeSpan.FromMilliseconds(250), $"The empty read waits for the batch timeout, took {waited}.");
    }

    [Fact]
    public async Task A_continuous_query_that_expires_while_a_read_waits_ends_with_no_more_records_then_404()
    {
        var (server, client) = await StartAsync(options: new ReductTestServerOptions { BatchTimeout = TimeSpan.FromMilliseconds(1500) });
        await using var _ = server;
        using var __ = client;
        await client.WriteNumberedAsync("data", "e", [1]);
        var id = await client.QueryAsync("data", null, """{"query_type":"QUERY","continuous":true,"ttl":1,"start":2}""");

        using var expired = await client.ReadV2Async("data", id);
        using var gone = await client.ReadV2Async("data", id);

        Assert.Equal(HttpStatusCode.NoContent, expired.StatusCode);
        Assert.Equal("No more records", expired.Header("x-reduct-error"));
        await RawHttp.AssertErrorAsync(gone, 404, $"Query {id} not found and it might have expired. Check TTL in your query request.");
    }

    [Fact]
    public async Task A_query_that_selects_nothing_answers_204_at_once()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await WriteEntriesAsync(client, "a");

        var id = await client.QueryAsync("data", null, """{"query_type":"QUERY","entries":[]}""");
        using var read = await client.ReadV2Async("data", id);

        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        Assert.Equal("No content", read.Header("x-reduct-error"));
        Assert.Equal(Encoding.ASCII.GetBytes(string.Empty), await read.Content.ReadAsByteArrayAsync());
    }
}
