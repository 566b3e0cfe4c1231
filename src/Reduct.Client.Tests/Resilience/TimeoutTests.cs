using System.Runtime.CompilerServices;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Resilience;

/// <summary>The timeout is a no-progress timeout: a long upload lives as long as its bytes move.</summary>
public sealed class TimeoutTests : IAsyncLifetime
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(600);

    private ReductTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ReductTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_upload_longer_than_the_timeout_succeeds_while_it_makes_progress()
    {
        // A wide margin between the pauses and the timeout, so a loaded CI machine cannot stretch a pause past it.
        using ReductClient client = FastRetry.Client(_server, maxRetryAttempts: 0, timeout: TimeSpan.FromSeconds(2));
        Bucket bucket = await client.CreateBucketAsync("b");

        // Sixteen chunks, 250 ms apart: 3.75 s in all, almost twice the timeout, never 2 s without a byte.
        await bucket.WriteAsync("e", SlowChunks(count: 16, size: 1000, pause: TimeSpan.FromMilliseconds(250)), 16_000, 1UL);

        Assert.Equal(16_000, _server.Storage.FindRecord("b", "e", 1)!.Length);
    }

    [Fact]
    public async Task A_stalled_upload_fails_with_a_timeout_and_stores_nothing()
    {
        using ReductClient client = FastRetry.Client(_server, maxRetryAttempts: 0, timeout: ShortTimeout);
        Bucket bucket = await client.CreateBucketAsync("b");

        ReductException error = await Assert.ThrowsAsync<ReductException>(
            () => bucket.WriteAsync("e", SlowChunks(count: 2, size: 1000, pause: TimeSpan.FromSeconds(30)), 2000, 1UL));
        await _server.Statistics.WaitForIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ReductException.Timeout, error.Status);
        Assert.True(error.IsOutcomeUnknown);
        Assert.Null(_server.Storage.FindRecord("b", "e", 1));
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_a_timeout()
    {
        using ReductClient client = FastRetry.Client(_server, maxRetryAttempts: 0, timeout: ShortTimeout);
        _server.Faults.DelayResponses(TimeSpan.FromSeconds(2), 1);

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetInfoAsync());

        Assert.Equal(ReductException.Timeout, error.Status);
        Assert.Contains("no progress", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_to_a_silent_server_is_tried_twice_and_then_fails()
    {
        // Accepts every connection and never answers, as a hung server or a dead middlebox does.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<System.Net.Sockets.Socket>();
        using var stop = new CancellationTokenSource();
        Task accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                System.Net.Sockets.Socket socket = await listener.AcceptSocketAsync(stop.Token);
                lock (accepted)
                {
                    accepted.Add(socket);
                }
            }
        });
        var url = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/");
        using var client = new ReductClient(FastRetry.Options(url, maxRetryAttempts: 3, timeout: ShortTimeout));

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetBucket("b").WriteAsync("e", "x"u8.ToArray(), 1UL));

        // Three retries allowed, but a second silent attempt ends it.
        Assert.Equal(ReductException.Timeout, error.Status);
        Assert.Contains("two attempts in a row made no progress", error.Message, StringComparison.Ordinal);
        lock (accepted)
        {
            Assert.Equal(2, accepted.Count);
            accepted.ForEach(socket => socket.Dispose());
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
    }

    [Fact]
    public void The_default_timeout_fails_a_write_to_a_silent_server_in_about_30_seconds() =>
        Assert.Equal(TimeSpan.FromSeconds(15), new ReductClientOptions().Timeout);

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> SlowChunks(int count, int size, TimeSpan pause, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                // A slow link or a slow producer, not synchronisation: the test is about time passing.
                await Task.Delay(pause, cancellationToken);
            }

            yield return new byte[size];
        }
    }
}
