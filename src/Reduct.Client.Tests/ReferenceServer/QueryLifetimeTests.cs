using System.Diagnostics;
using System.Net;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>A query's idle lifetime (reference §2.6) and continuous queries (§2.8).</summary>
public sealed class QueryLifetimeTests
{
    [Fact]
    public async Task The_ttl_counts_idle_time_and_every_read_resets_it()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch.AddDays(20000));
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { TimeProvider = clock });
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteNumberedAsync("data", "e", QueryHttp.Range(1, 3));
        var id = await client.QueryAsync("data", "e", """{"query_type":"QUERY","ttl":5,"when":{"#batch_records":1}}""");

        clock.Advance(TimeSpan.FromSeconds(4));
        using var first = await client.ReadBatchAsync("data", "e", id, head: true);
        clock.Advance(TimeSpan.FromSeconds(4));
        using var second = await client.ReadBatchAsync("data", "e", id);
        clock.Advance(TimeSpan.FromSeconds(6));
        using var expired = await client.ReadBatchAsync("data", "e", id);

        Assert.Equal([1UL], first.BatchTimestamps());
        Assert.Equal([2UL], second.BatchTimestamps());
        await RawHttp.AssertErrorAsync(expired, 404, $"Query {id} not found and it might have expired. Check TTL in your query request.");
    }

    [Fact]
    public async Task A_ttl_of_zero_expires_before_the_first_read()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteNumberedAsync("data", "e", [1]);
        var id = await client.QueryAsync("data", "e", """{"query_type":"QUERY","ttl":0}""");

        using var read = await client.ReadBatchAsync("data", "e", id);

        await RawHttp.AssertErrorAsync(read, 404, $"Query {id} not found and it might have expired. Check TTL in your query request.");
    }

    [Fact]
    public async Task A_continuous_query_delivers_later_records_and_an_empty_poll_waits_for_the_ttl_quarter_recheck()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteNumberedAsync("data", "e", [1, 2]);

        // stop lies before the data: ignored for a continuous query, and no 422.
        var id = await client.QueryAsync("data", "e", """{"query_type":"QUERY","continuous":true,"ttl":2,"stop":1}""");
        using var existing = await client.ReadBatchAsync("data", "e", id);
        var clock = Stopwatch.StartNew();
        using var empty = await client.ReadBatchAsync("data", "e", id);
        var waited = clock.Elapsed;
        using var emptyAgain = await client.ReadBatchAsync("data", "e", id);
        await client.WriteNumberedAsync("data", "e", [3]);
        using var later = await client.ReadBatchAsync("data", "e", id);

        Assert.Equal([1UL, 2UL], existing.BatchTimestamps());
        Assert.Equal("true", existing.Header("x-reduct-last"));
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        Assert.Equal("No content", empty.Header("x-reduct-error"));
        Assert.True(waited >= TimeSpan.FromMilliseconds(450), $"An empty poll of a query with ttl 2 s waits for the 0.5 s recheck, took {waited}.");
        Assert.Equal(HttpStatusCode.NoContent, emptyAgain.StatusCode);
        Assert.Equal([3UL], later.BatchTimestamps());
    }

    [Fact]
    public async Task A_record_written_during_an_empty_poll_comes_with_the_recheck()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteNumberedAsync("data", "e", [1]);
        var id = await client.QueryAsync("data", "e", """{"query_type":"QUERY","continuous":true,"ttl":4,"start":2}""");

        var poll = client.ReadBatchAsync("data", "e", id);
        await client.WriteNumberedAsync("data", "e", [2]);
        using var response = await poll;

        Assert.Equal([2UL], response.BatchTimestamps());
    }

    [Fact]
    public async Task Legacy_limit_makes_a_query_non_continuous()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "1.20" });
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        await client.WriteNumberedAsync("data", "e", QueryHttp.Range(1, 5));

        var id = await client.QueryAsync("data", "e", """{"query_type":"QUERY","continuous":true,"limit":2,"ttl":60}""");

        Assert.Equal([1UL, 2UL], await client.ReadAllAsync("data", "e", id));
    }
}
