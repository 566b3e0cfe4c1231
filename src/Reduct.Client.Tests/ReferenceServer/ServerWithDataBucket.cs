using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>A fresh reference server per test, with a raw HTTP client and an empty bucket named "data".</summary>
public abstract class ServerWithDataBucket : IAsyncLifetime
{
    protected ReductTestServer _server = null!;
    protected HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ReductTestServer.StartAsync();
        _client = RawHttp.CreateClient(_server);
        await _client.CreateBucketAsync("data");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }
}
