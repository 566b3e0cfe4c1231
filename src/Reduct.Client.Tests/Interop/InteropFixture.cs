using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Interop;

/// <summary>
/// One reference server with auth for the interop tests, and Node with reduct-js ready to run.
/// Each test writes into buckets of its own.
/// </summary>
public sealed class InteropFixture : IAsyncLifetime
{
    /// <summary>The full-access token the scripts and the client use.</summary>
    public const string ApiToken = "interop-token";

    private int _bucketCounter;

    /// <summary>The server.</summary>
    public ReductTestServer Server { get; private set; } = null!;

    /// <summary>A client with the full-access token.</summary>
    public ReductClient Client { get; private set; } = null!;

    /// <summary>The reduct-js scripts, pointed at the server.</summary>
    public ReductJsScripts Scripts { get; private set; } = null!;

    /// <summary>Fails every interop test with a clear message when Node or npm is missing.</summary>
    public async Task InitializeAsync()
    {
        await NodeEnvironment.PrepareAsync();
        Server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = ApiToken });
        Client = new ReductClient(Server.Url, ApiToken);
        Scripts = new ReductJsScripts(Server.Url, ApiToken);
    }

    /// <summary>Stops the server.</summary>
    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>Creates a bucket no other test uses.</summary>
    public Task<Bucket> NewBucketAsync(string purpose) =>
        Client.CreateBucketAsync($"{purpose}-{Interlocked.Increment(ref _bucketCounter)}");
}
