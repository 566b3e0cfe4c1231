namespace Reduct.Client.Tests.Interop;

/// <summary>
/// Reference servers with auth for the interop tests (one reporting the current API, others started on demand
/// for older versions), and Node with reduct-js ready to run. Each test writes into buckets of its own.
/// </summary>
public sealed class InteropFixture : IAsyncLifetime
{
    /// <summary>The full-access token the scripts and the clients use.</summary>
    public const string ApiToken = "interop-token";

    private readonly Dictionary<string, Task<InteropServer>> _olderServers = new(StringComparer.Ordinal);
    private int _bucketCounter;
    private InteropServer _current = null!;

    /// <summary>The server reporting the reference server's default (current) API version.</summary>
    public InteropServer Current => _current;

    /// <summary>A client of <see cref="Current"/> with the full-access token.</summary>
    public ReductClient Client => _current.Client;

    /// <summary>The reduct-js scripts, pointed at <see cref="Current"/>.</summary>
    public ReductJsScripts Scripts => _current.Scripts;

    /// <summary>Fails every interop test with a clear message when Node or npm is missing.</summary>
    public async Task InitializeAsync()
    {
        await NodeEnvironment.PrepareAsync();
        _current = await InteropServer.StartAsync(apiVersion: null, NextBucketNumber);
    }

    /// <summary>Stops the servers.</summary>
    public async Task DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
        }

        foreach (var server in _olderServers.Values)
        {
            await (await server).DisposeAsync();
        }
    }

    /// <summary>The server a reader queries: <see cref="Current"/>, or one reporting the reader's older API version.</summary>
    public Task<InteropServer> ServerForAsync(InteropReader reader)
    {
        if (reader.ApiVersion is null)
        {
            return Task.FromResult(_current);
        }

        lock (_olderServers)
        {
            if (!_olderServers.TryGetValue(reader.ApiVersion, out var server))
            {
                server = InteropServer.StartAsync(reader.ApiVersion, NextBucketNumber);
                _olderServers.Add(reader.ApiVersion, server);
            }

            return server;
        }
    }

    /// <summary>Creates a bucket on <see cref="Current"/> that no other test uses.</summary>
    public Task<Bucket> NewBucketAsync(string purpose) => _current.NewBucketAsync(purpose);

    private int NextBucketNumber() => Interlocked.Increment(ref _bucketCounter);
}
