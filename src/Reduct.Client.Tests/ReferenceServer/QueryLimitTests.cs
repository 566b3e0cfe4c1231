using System.Net;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>How batched reads are cut (reference §2.6): 85 records, 8,000,000 body bytes (GET only), 512,000 header bytes.</summary>
public sealed class QueryLimitTests
{
    private static async Task<(ReductTestServer Server, HttpClient Client)> StartAsync(ReductTestServerOptions? options = null)
    {
        var server = await ReductTestServer.StartAsync(options);
        var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        return (server, client);
    }

    private static async Task<List<(int Count, string? Last)>> ReadBatchesAsync(HttpClient client, ulong id, bool head = false)
    {
        var batches = new List<(int, string?)>();
        while (true)
        {
            using var response = await client.ReadBatchAsync("data", "e", id, head);
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return batches;
            }

            batches.Add((response.BatchTimestamps().Count, response.Header("x-reduct-last")));
        }
    }

    [Fact]
    public async Task Two_hundred_records_come_back_as_85_85_30()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.WriteNumberedAsync("data", "e", QueryHttp.Range(1, 200), size: 10);
        var id = await client.QueryAsync("data", "e", """{"query_type":"QUERY"}""");

        Assert.Equal([(85, "false"), (85, "false"), (30, "true")], await ReadBatchesAsync(client, id));
    }

    [Fact]
    public async Task A_batch_may_pass_the_byte_limit_by_one_record_and_a_large_record_comes_alone()
    {
        var (server, client) = await StartAsync(new ReductTestServerOptions { MaxBatchSize = 25 });
        await using var _ = server;
        using var __ = client;
        await client.WriteNumberedAsync("data", "e", QueryHttp.Range(1, 6), size: 10);
        await client.WriteNumberedAsync("data", "e", [100], size: 100);
        var id = await client.QueryAsync("data", "e", """{"query_type":"QUERY"}""");

        // The large record is cut by the byte limit before the end is seen, so the end comes as a 204 after it.
        Assert.Equal([(3, "false"), (3, "false"), (1, "false")], await ReadBatchesAsync(client, id));
    }

    [Fact]
    public async Task Head_does_not_count_body_bytes()
    {
        var (server, client) = await StartAsync(new ReductTestServerOptions { MaxBatchSize = 25 });
        await using var _ = server;
        using var __ = client;
        await client.WriteNumberedAsync("data", "e", QueryHttp.Range(1, 6), size: 10);
        var id = await client.QueryAsync("data", "e", """{"query_type":"QUERY"}""");

        Assert.Equal([(6, "true")], await ReadBatchesAsync(client, id, head: true));
    }

    [Fact]
    public async Task The_record_count_limit_follows_MaxBatchRecords_and_the_directive()
    {
        var (server, client) = await StartAsync(new ReductTestServerOptions { MaxBatchRecords = 4 });
        await using var _ = server;
        using var __ = client;
        await client.WriteNumberedAsync("data", "e", QueryHttp.Range(1, 10));
        var byOption = await client.QueryAsync("data", "e", """{"query_type":"QUERY"}""");
        var byDirective = await client.QueryAsync("data", "e", """{"query_type":"QUERY","when":{"#batch_records":3}}""");

        Assert.Equal([(4, "false"), (4, "false"), (2, "true")], await ReadBatchesAsync(client, byOption));
        Assert.Equal([(3, "false"), (3, "false"), (3, "false"), (1, "true")], await ReadBatchesAsync(client, byDirective));
    }

    [Fact]
    public async Task The_header_bytes_limit_cuts_a_batch_after_the_record_that_passed_it()
    {
        var (server, client) = await StartAsync();
        await using var _ = server;
        using var __ = client;
        await client.WriteNumberedAsync("data", "e", QueryHttp.Range(10, 5));

        // "x-reduct-time-10" + "1,text/plain,n=10" + 2 = 35 bytes a record: the second passes 60.
        var id = await client.QueryAsync("data", "e", """{"query_type":"QUERY","when":{"#batch_metadata_size":60}}""");

        Assert.Equal([(2, "false"), (2, "false"), (1, "true")], await ReadBatchesAsync(client, id));
    }
}
