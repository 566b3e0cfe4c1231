using System.Net;
using System.Text;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>
/// Two write requests to one entry at the same time: servers up to 1.17 take them, 1.20 and 1.21 hang and then fail
/// them with a lock timeout. The twin counts every such overlap and can be set to fail them as the real server does.
/// </summary>
public class OverlappingWriteTests
{
    private const string WriteLockTimeout =
        "Failed to acquire async write lock within timeout (caller: reductstore/src/storage/entry/write_record.rs:206)";

    private const string ReadLockTimeout =
        "Failed to acquire async read lock within timeout (caller: reductstore/src/storage/block_manager.rs:316)";

    [Fact]
    public async Task An_overlapping_batch_to_one_entry_is_counted_and_taken_by_default()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var http = RawHttp.CreateClient(server);
        await http.CreateBucketAsync("data");

        await using (var first = await HeldBatch.StartAsync(http, "api/v1/b/data/sensor/batch", 1000, server))
        {
            using var second = await http.SendAsync(V1Batch("api/v1/b/data/sensor/batch", 2000, "xyz"));
            await RawHttp.AssertOkAsync(second);
            await RawHttp.AssertOkAsync(await first.FinishAsync());
        }

        Assert.Equal(1, server.Statistics.OverlappingWriteRequests);
        Assert.Equal(2, server.Storage.GetRecords("data", "sensor").Count);
    }

    [Fact]
    public async Task Writes_to_different_entries_at_the_same_time_do_not_overlap()
    {
        await using var server = await ReductTestServer.StartAsync(RealServerMode());
        using var http = RawHttp.CreateClient(server);
        await http.CreateBucketAsync("data");

        await using (var first = await HeldBatch.StartAsync(http, "api/v1/b/data/one/batch", 1000, server))
        {
            using var second = await http.SendAsync(V1Batch("api/v1/b/data/two/batch", 1000, "xyz"));
            await RawHttp.AssertOkAsync(second);
            await RawHttp.AssertOkAsync(await first.FinishAsync());
        }

        Assert.Equal(0, server.Statistics.OverlappingWriteRequests);
        Assert.Single(server.Storage.GetRecords("data", "one"));
        Assert.Single(server.Storage.GetRecords("data", "two"));
    }

    [Fact]
    public async Task Like_the_real_server_an_overlapping_batch_fails_after_the_lock_timeout_and_blocks_the_entry()
    {
        await using var server = await ReductTestServer.StartAsync(RealServerMode());
        using var http = RawHttp.CreateClient(server);
        await http.CreateBucketAsync("data");

        await using (var first = await HeldBatch.StartAsync(http, "api/v1/b/data/sensor/batch", 1000, server))
        {
            using var second = await http.SendAsync(V1Batch("api/v1/b/data/sensor/batch", 2000, "xyz"));
            await RawHttp.AssertErrorAsync(second, 500, WriteLockTimeout);
            await RawHttp.AssertOkAsync(await first.FinishAsync());
        }

        Assert.Equal(1, server.Statistics.OverlappingWriteRequests);
        Assert.Null(server.Storage.FindRecord("data", "sensor", 2000));

        // From now on the entry takes no write and answers no read, as a real 1.20 server's entry does.
        using var write = await http.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/sensor?ts=3000", "abc"u8.ToArray()));
        await RawHttp.AssertErrorAsync(write, 500, WriteLockTimeout);
        using var read = await http.GetAsync("api/v1/b/data/sensor?ts=1000");
        await RawHttp.AssertErrorAsync(read, 500, ReadLockTimeout);
        using var otherEntry = await http.SendAsync(V1Batch("api/v1/b/data/other/batch", 1000, "xyz"));
        await RawHttp.AssertOkAsync(otherEntry);
        Assert.Equal(1, server.Statistics.OverlappingWriteRequests);
    }

    [Fact]
    public async Task A_v2_batch_that_shares_one_entry_with_a_write_in_progress_overlaps()
    {
        await using var server = await ReductTestServer.StartAsync(RealServerMode());
        using var http = RawHttp.CreateClient(server);
        await http.CreateBucketAsync("data");

        await using (var first = await HeldBatch.StartAsync(http, "api/v1/b/data/b/batch", 1000, server))
        {
            using var request = RawHttp.Request(HttpMethod.Post, "api/v1/io/data/write", "12"u8.ToArray());
            request.Headers.TryAddWithoutValidation("x-reduct-entries", "a,b");
            request.Headers.TryAddWithoutValidation("x-reduct-start-ts", "5000");
            request.Headers.TryAddWithoutValidation("x-reduct-0-0", "1,text/plain");
            request.Headers.TryAddWithoutValidation("x-reduct-1-0", "1,text/plain");
            using var second = await http.SendAsync(request);
            await RawHttp.AssertErrorAsync(second, 500, WriteLockTimeout);
            await RawHttp.AssertOkAsync(await first.FinishAsync());
        }

        Assert.Equal(1, server.Statistics.OverlappingWriteRequests);
        Assert.Empty(server.Storage.GetRecords("data", "a"));
        Assert.Single(server.Storage.GetRecords("data", "b"));
    }

    [Fact]
    public async Task A_single_write_arriving_during_a_batch_to_its_entry_overlaps()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var http = RawHttp.CreateClient(server);
        await http.CreateBucketAsync("data");

        await using (var first = await HeldBatch.StartAsync(http, "api/v1/b/data/sensor/batch", 1000, server))
        {
            await http.WriteRecordAsync("data", "sensor", 2000, "abc"u8.ToArray());
            await RawHttp.AssertOkAsync(await first.FinishAsync());
        }

        // One after the other is no overlap.
        await http.WriteRecordAsync("data", "sensor", 3000, "abc"u8.ToArray());
        Assert.Equal(1, server.Statistics.OverlappingWriteRequests);
        server.Statistics.Reset();
        Assert.Equal(0, server.Statistics.OverlappingWriteRequests);
    }

    private static ReductTestServerOptions RealServerMode() => new()
    {
        OverlappingWrites = OverlappingWriteBehavior.BlockLikeRealServer,
        LockTimeout = TimeSpan.FromMilliseconds(200),
    };

    private static HttpRequestMessage V1Batch(string path, ulong timestamp, string body)
    {
        var request = RawHttp.Request(HttpMethod.Post, path, Encoding.ASCII.GetBytes(body));
        request.Headers.TryAddWithoutValidation($"x-reduct-time-{timestamp}", $"{body.Length},text/plain");
        return request;
    }

    /// <summary>A one-record v1 batch whose body is held back after its first byte, so the request stays in progress.</summary>
    private sealed class HeldBatch : IAsyncDisposable
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task<HttpResponseMessage>? _response;

        public static async Task<HeldBatch> StartAsync(HttpClient http, string path, ulong timestamp, ReductTestServer server)
        {
            var held = new HeldBatch();
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new HeldContent(held._release.Task) };
            request.Headers.TryAddWithoutValidation($"x-reduct-time-{timestamp}", "4,text/plain");
            long before = server.Statistics.BodyBytes;
            held._response = http.SendAsync(request);

            // In progress once the server has read the first body byte.
            await Poll.Until(() => server.Statistics.BodyBytes > before);
            return held;
        }

        public async Task<HttpResponseMessage> FinishAsync()
        {
            _release.TrySetResult();
            return await _response!;
        }

        public async ValueTask DisposeAsync()
        {
            _release.TrySetResult();
            if (_response is not null)
            {
                (await _response).Dispose();
            }
        }
    }

    private sealed class HeldContent(Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("a"u8.ToArray());
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync("bcd"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 4;
            return true;
        }
    }
}
