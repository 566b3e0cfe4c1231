using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>One reference server with auth for a test class; each test uses its own bucket.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string FullToken = "full-access-token";
    public const string ReadToken = "read-only-token";
    public const string WriteToken = "write-only-token";
    public const string NoPermissionToken = "no-permission-token";

    private int _bucketCounter;

    public ReductTestServer Server { get; private set; } = null!;

    public ReductClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new ReductTestServerOptions { ApiToken = FullToken };
        options.Tokens.Add(new ReductTestToken("reader", ReadToken) { Read = ["*"] });
        options.Tokens.Add(new ReductTestToken("writer", WriteToken) { Write = ["*"] });
        options.Tokens.Add(new ReductTestToken("nobody", NoPermissionToken));
        Server = await ReductTestServer.StartAsync(options);
        Client = new ReductClient(Server.Url, FullToken);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();

        // The real server cannot take two writes to one entry at once: no test's client may send them.
        long overlapping = Server.Statistics.OverlappingWriteRequests;
        await Server.DisposeAsync();
        Assert.Equal(0, overlapping);
    }

    /// <summary>A bucket name no other test uses.</summary>
    public string NewBucketName(string prefix = "test") => $"{prefix}-{Interlocked.Increment(ref _bucketCounter)}";

    public async Task<Bucket> NewBucketAsync(string prefix = "test") =>
        await Client.CreateBucketAsync(NewBucketName(prefix));

    public ReductClient ClientWithToken(string? token) => new(Server.Url, token);
}
