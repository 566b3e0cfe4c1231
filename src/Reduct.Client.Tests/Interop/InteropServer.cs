using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Interop;

/// <summary>A reference server with auth, a client and the reduct-js scripts pointed at it.</summary>
public sealed class InteropServer : IAsyncDisposable
{
    private readonly Func<int> _nextBucketNumber;

    private InteropServer(ReductTestServer server, Func<int> nextBucketNumber)
    {
        Server = server;
        Client = new ReductClient(server.Url, InteropFixture.ApiToken);
        Scripts = new ReductJsScripts(server.Url, InteropFixture.ApiToken);
        _nextBucketNumber = nextBucketNumber;
    }

    /// <summary>The server.</summary>
    public ReductTestServer Server { get; }

    /// <summary>A client with the full-access token.</summary>
    public ReductClient Client { get; }

    /// <summary>The reduct-js scripts, pointed at the server.</summary>
    public ReductJsScripts Scripts { get; }

    /// <summary>Starts a server reporting <paramref name="apiVersion"/>, or the reference server's default when null.</summary>
    /// <param name="apiVersion">The <c>MAJOR.MINOR</c> API version to emulate.</param>
    /// <param name="nextBucketNumber">Numbers bucket names, so no two tests share a bucket.</param>
    public static async Task<InteropServer> StartAsync(string? apiVersion, Func<int> nextBucketNumber)
    {
        var options = new ReductTestServerOptions { ApiToken = InteropFixture.ApiToken };
        if (apiVersion is not null)
        {
            options.ApiVersion = apiVersion;
        }

        return new InteropServer(await ReductTestServer.StartAsync(options), nextBucketNumber);
    }

    /// <summary>Creates a bucket no other test uses.</summary>
    public Task<Bucket> NewBucketAsync(string purpose) => Client.CreateBucketAsync($"{purpose}-{_nextBucketNumber()}");

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
