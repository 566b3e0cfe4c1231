using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Resilience;

/// <summary>Bodies above the threshold wait for <c>100 Continue</c>, so an early rejection costs no upload (spec §8).</summary>
public sealed class ExpectContinueTests : IAsyncLifetime
{
    private const int LargeBody = 4 * 1024 * 1024;

    // What may cross before the rejection arrives: nothing, or at most the socket buffers of one connection.
    private const long SmallUpload = 256 * 1024;

    private ReductTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = "full-token" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_large_write_to_a_missing_bucket_uploads_nothing()
    {
        using var client = new ReductClient(_server.Url, "full-token");
        _server.Statistics.Reset();

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetBucket("missing").WriteAsync("e", new byte[LargeBody], 1UL));

        Assert.Equal(404, error.Status);
        Assert.True(_server.Statistics.BodyBytes < SmallUpload, $"{_server.Statistics.BodyBytes} body bytes were read");
    }

    [Fact]
    public async Task A_large_write_with_a_bad_token_uploads_nothing()
    {
        using (var owner = new ReductClient(_server.Url, "full-token"))
        {
            await owner.CreateBucketAsync("b");
        }

        using var intruder = new ReductClient(_server.Url, "wrong-token");
        _server.Statistics.Reset();

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => intruder.GetBucket("b").WriteAsync("e", new MemoryStream(new byte[LargeBody]), timestamp: 1UL));

        Assert.Equal(401, error.Status);
        Assert.True(_server.Statistics.BodyBytes < SmallUpload, $"{_server.Statistics.BodyBytes} body bytes were read");
        Assert.Null(_server.Storage.FindRecord("b", "e", 1));
    }

    [Fact]
    public async Task A_large_batch_with_a_bad_token_uploads_nothing()
    {
        // Not a missing bucket: from API 1.19 that is a per-record error, which the server reports after reading the body.
        using (var owner = new ReductClient(_server.Url, "full-token"))
        {
            await owner.CreateBucketAsync("batch");
        }

        using var intruder = new ReductClient(_server.Url, "wrong-token");
        var batch = new Batch();
        for (ulong i = 0; i < 4; i++)
        {
            batch.Add(i, new byte[LargeBody / 4]);
        }

        _server.Statistics.Reset();

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => intruder.GetBucket("batch").WriteBatchAsync("e", batch));

        Assert.Equal(401, error.Status);
        Assert.True(_server.Statistics.BodyBytes < SmallUpload, $"{_server.Statistics.BodyBytes} body bytes were read");
    }
}
