using System.Net;
using System.Security.Cryptography;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class DiscardBodiesTests
{
    [Fact]
    public async Task Only_metadata_and_the_body_hash_are_kept()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { DiscardBodies = true });
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        var body = new byte[200_000];
        Random.Shared.NextBytes(body);

        await client.WriteRecordAsync("data", "e", 1, body, "image/png", new Dictionary<string, string> { ["k"] = "v" });
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/v1/b/data/e?ts=1"));
        using var get = await client.GetAsync("api/v1/b/data/e?ts=1");

        var record = server.Storage.FindRecord("data", "e", 1)!;
        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant(), record.Sha256);
        Assert.Equal(body.Length, record.Length);
        Assert.Equal("image/png", record.ContentType);
        Assert.Equal("v", record.Labels["k"]);
        Assert.Throws<InvalidOperationException>(() => record.ReadData());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("200000", head.Header("Content-Length"));
        Assert.Equal(501, (int)get.StatusCode);
        Assert.NotNull(get.Header("x-reduct-error"));
    }
}
