using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Queries need read permission, removal queries write permission (reference §2.1, §3.1, §5.4).</summary>
public sealed class QueryAccessTests : IAsyncLifetime
{
    private ReductTestServer _server = null!;
    private HttpClient _admin = null!;
    private HttpClient _reader = null!;
    private HttpClient _writer = null!;

    public async Task InitializeAsync()
    {
        var options = new ReductTestServerOptions { ApiToken = "admin" };
        options.Tokens.Add(new ReductTestToken("reader", "reader-secret") { Read = ["data"] });
        options.Tokens.Add(new ReductTestToken("writer", "writer-secret") { Write = ["data"] });
        _server = await ReductTestServer.StartAsync(options);
        _admin = RawHttp.CreateClient(_server, "admin");
        _reader = RawHttp.CreateClient(_server, "reader-secret");
        _writer = RawHttp.CreateClient(_server, "writer-secret");
        await _admin.CreateBucketAsync("data");
        await _admin.WriteNumberedAsync("data", "e", [1, 2]);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        _reader.Dispose();
        _writer.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_read_token_queries_and_reads_and_a_write_token_cannot()
    {
        var id = await _reader.QueryAsync("data", "e", """{"query_type":"QUERY"}""");
        var bucketId = await _reader.QueryAsync("data", null, """{"query_type":"QUERY"}""");
        using var read = await _reader.ReadBatchAsync("data", "e", id);
        using var readV2 = await _reader.ReadV2Async("data", bucketId);
        using var query = await _writer.PostAsync("api/v1/b/data/e/q", """{"query_type":"QUERY"}""");
        using var queryV2 = await _writer.PostAsync("api/v1/io/data/q", """{"query_type":"QUERY"}""");
        using var batch = await _writer.ReadBatchAsync("data", "e", id);
        using var legacy = await _writer.GetAsync("api/v1/b/data/e/q");

        await RawHttp.AssertOkAsync(read);
        await RawHttp.AssertOkAsync(readV2);
        await RawHttp.AssertErrorAsync(query, 403, "Token 'writer' doesn't have read access to bucket 'data'");
        await RawHttp.AssertErrorAsync(queryV2, 403, "Token 'writer' doesn't have read access to bucket 'data'");
        await RawHttp.AssertErrorAsync(batch, 403, "Token 'writer' doesn't have read access to bucket 'data'");
        await RawHttp.AssertErrorAsync(legacy, 403, "Token 'writer' doesn't have read access to bucket 'data'");
    }

    [Fact]
    public async Task Removal_queries_need_write_access()
    {
        using var byReader = await _reader.PostAsync("api/v1/b/data/e/q", """{"query_type":"REMOVE","start":1}""");
        using var byReaderV2 = await _reader.PostAsync("api/v1/io/data/q", """{"query_type":"REMOVE","start":1}""");
        using var byReaderLegacy = await _reader.DeleteAsync("api/v1/b/data/e/q?start=1");
        using var byWriter = await _writer.PostAsync("api/v1/b/data/e/q", """{"query_type":"REMOVE","start":2}""");

        await RawHttp.AssertErrorAsync(byReader, 403, "Token 'reader' doesn't have write access to bucket 'data'");
        await RawHttp.AssertErrorAsync(byReaderV2, 403, "Token 'reader' doesn't have write access to bucket 'data'");
        await RawHttp.AssertErrorAsync(byReaderLegacy, 403, "Token 'reader' doesn't have write access to bucket 'data'");
        await RawHttp.AssertOkAsync(byWriter);
        Assert.Equal("{\"removed_records\":1}", await byWriter.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bad_query_body_is_422_before_the_token_is_looked_at()
    {
        using var anonymous = RawHttp.CreateClient(_server);

        using var response = await anonymous.PostAsync("api/v1/b/data/e/q", """{"start":1}""");
        using var noToken = await anonymous.PostAsync("api/v1/b/data/e/q", """{"query_type":"QUERY"}""");

        await RawHttp.AssertErrorAsync(response, 422, "Invalid JSON: missing field `query_type` at line 1 column 11");
        await RawHttp.AssertErrorAsync(noToken, 401, "No bearer token in request header");
    }
}
