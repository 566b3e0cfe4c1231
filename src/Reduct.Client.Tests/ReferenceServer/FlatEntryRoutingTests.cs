using System.Net;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>
/// Before 1.19 the real router has single-segment entry routes (<c>/b/{bucket}/{entry}</c> and
/// <c>/b/{bucket}/{entry}/batch|q|rename</c>) and a GET-only fallback: a path with a '/' in the entry matches no
/// route, so any method but GET and HEAD gets a bare 405, and GET or HEAD the fallback's 404. An encoded '/' reaches
/// the handler and fails the old name rule.
/// </summary>
public sealed class FlatEntryRoutingTests
{
    private const string OldNameRule = "Bucket or entry name can contain only letters, digests and [-,_] symbols";

    public static TheoryData<string> OldVersions => ["1.17", "1.18"];

    [Theory]
    [MemberData(nameof(OldVersions))]
    public async Task Writes_to_a_path_with_a_slash_get_a_bare_405_and_store_nothing(string version)
    {
        await using var server = await ApiVersionTests.StartAsync(version);
        using var client = RawHttp.CreateClient(server);
        using var batch = V1Batch("api/v1/b/demo/sensors/temperature/batch");

        using var batchResponse = await client.SendAsync(batch);
        using var single = await client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/demo/sensors/temperature?ts=1", [1]));
        using var remove = await client.SendAsync(RawHttp.Request(HttpMethod.Delete, "api/v1/b/demo/sensors/temperature?ts=1"));
        using var update = await client.SendAsync(RawHttp.Request(HttpMethod.Patch, "api/v1/b/demo/sensors/temperature?ts=1"));

        foreach (HttpResponseMessage response in new[] { batchResponse, single, remove, update })
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Null(response.Header("x-reduct-error"));
            Assert.Equal(version, response.Header("x-reduct-api"));
        }

        Assert.Equal(0, server.Storage.CountRecords("demo"));
    }

    [Theory]
    [MemberData(nameof(OldVersions))]
    public async Task Reads_of_a_path_with_a_slash_get_the_fallback_404(string version)
    {
        await using var server = await ApiVersionTests.StartAsync(version);
        using var client = RawHttp.CreateClient(server);

        using var get = await client.GetAsync("api/v1/b/demo/sensors/temperature?ts=1");
        using var head = await client.SendAsync(RawHttp.Request(HttpMethod.Head, "api/v1/b/demo/sensors/temperature?ts=1"));
        using var batchRead = await client.GetAsync("api/v1/b/demo/sensors/temperature/batch");

        await RawHttp.AssertErrorAsync(get, 404, "Not found");
        await RawHttp.AssertErrorAsync(head, 404, "Not found");
        await RawHttp.AssertErrorAsync(batchRead, 404, "Not found");
    }

    [Theory]
    [MemberData(nameof(OldVersions))]
    public async Task An_encoded_slash_reaches_the_handler_and_fails_the_old_name_rule(string version)
    {
        await using var server = await ApiVersionTests.StartAsync(version);
        using var client = RawHttp.CreateClient(server);
        using var batch = V1Batch("api/v1/b/demo/sensors%2Fbatch/batch");

        using var single = await client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/demo/sensors%2Ftemperature?ts=1", [1]));
        // The last segment "batch" of an encoded name is part of the entry here, not the batch route.
        using var encodedSuffix = await client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/demo/sensors%2Fbatch?ts=1", [1]));
        using var batchResponse = await client.SendAsync(batch);

        await RawHttp.AssertErrorAsync(single, 422, OldNameRule);
        await RawHttp.AssertErrorAsync(encodedSuffix, 422, OldNameRule);
        Assert.Equal(HttpStatusCode.OK, batchResponse.StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "422," + OldNameRule }, batchResponse.RecordErrors());
        Assert.Equal(0, server.Storage.CountRecords("demo"));
    }

    [Theory]
    [MemberData(nameof(OldVersions))]
    public async Task The_single_segment_routes_still_select_their_handlers(string version)
    {
        await using var server = await ApiVersionTests.StartAsync(version);
        using var client = RawHttp.CreateClient(server);
        using var batch = V1Batch("api/v1/b/demo/e/batch", records: 2);

        using var single = await client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/demo/e?ts=5", [1]));
        using var batchResponse = await client.SendAsync(batch);
        using var renameByGet = await client.GetAsync("api/v1/b/demo/e/rename");
        using var putToRecord = await client.SendAsync(RawHttp.Request(HttpMethod.Put, "api/v1/b/demo/e"));

        await RawHttp.AssertOkAsync(single);
        await RawHttp.AssertOkAsync(batchResponse);
        Assert.Equal(3, server.Storage.GetRecords("demo", "e").Count);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, renameByGet.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, putToRecord.StatusCode);
    }

    [Fact]
    public async Task From_1_19_a_path_with_a_slash_is_a_hierarchical_entry()
    {
        await using var server = await ApiVersionTests.StartAsync("1.19");
        using var client = RawHttp.CreateClient(server);
        using var batch = V1Batch("api/v1/b/demo/sensors/temperature/batch");

        using var single = await client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/demo/sensors/temperature?ts=2", [1]));
        using var batchResponse = await client.SendAsync(batch);
        using var read = await client.GetAsync("api/v1/b/demo/sensors/temperature?ts=2");

        await RawHttp.AssertOkAsync(single);
        await RawHttp.AssertOkAsync(batchResponse);
        await RawHttp.AssertOkAsync(read);
        Assert.Equal(2, server.Storage.GetRecords("demo", "sensors/temperature").Count);
    }

    /// <summary>A v1 batch of one-byte records at timestamps 1, 2, ...</summary>
    private static HttpRequestMessage V1Batch(string path, int records = 1)
    {
        var request = RawHttp.Request(HttpMethod.Post, path, new byte[records]);
        for (int i = 1; i <= records; i++)
        {
            request.Headers.TryAddWithoutValidation($"x-reduct-time-{i}", "1,text/plain");
        }

        return request;
    }
}
