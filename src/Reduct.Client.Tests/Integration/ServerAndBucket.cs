using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>
/// A reference server of a test's own, a client of it and one bucket. Disposing checks that the client never had two
/// write requests to one entry in flight, which the real server cannot take.
/// </summary>
internal sealed class ServerAndBucket : IAsyncDisposable
{
    private ServerAndBucket(ReductTestServer server, ReductClient client, Bucket bucket)
    {
        Server = server;
        Client = client;
        Bucket = bucket;
    }

    public ReductTestServer Server { get; }

    public ReductClient Client { get; }

    public Bucket Bucket { get; }

    public static async Task<ServerAndBucket> StartAsync(string bucketName, ReductTestServerOptions options)
    {
        ReductTestServer server = await ReductTestServer.StartAsync(options);
        var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync(bucketName);
        return new ServerAndBucket(server, client, bucket);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        long overlapping = Server.Statistics.OverlappingWriteRequests;
        await Server.DisposeAsync();
        Assert.Equal(0, overlapping);
    }
}
