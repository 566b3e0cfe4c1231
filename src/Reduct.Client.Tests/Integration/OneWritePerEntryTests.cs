using System.Text;
using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>
/// One client never has two write requests to the same entry in flight: against a server that behaves as ReductStore
/// 1.20 and 1.21 do (an overlap fails after the lock timeout and blocks the entry), every write path stores everything
/// and the server counts no overlapping request, while writes to different entries still go in parallel.
/// </summary>
public class OneWritePerEntryTests
{
    [Fact]
    public async Task Concurrent_single_writes_to_one_entry_are_sent_one_at_a_time()
    {
        await using var context = await RealServerContext.StartAsync();

        await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            context.Bucket.WriteAsync("sensor", Encoding.ASCII.GetBytes($"r{i}"), (ulong)(1000 + i))));

        Assert.Equal(32, context.Server.Storage.GetRecords("data", "sensor").Count);
        Assert.Equal(0, context.Server.Statistics.OverlappingWriteRequests);
    }

    [Fact]
    public async Task Concurrent_batches_to_one_entry_are_sent_one_request_at_a_time()
    {
        await using var context = await RealServerContext.StartAsync();

        // 300 records make four requests each: the calls' requests interleave, but never overlap.
        BatchWriteResult<ReductTimestamp>[] results = await Task.WhenAll(Enumerable.Range(0, 4).Select(call =>
        {
            var batch = new Batch();
            for (int i = 0; i < 300; i++)
            {
                batch.Add((ulong)((call * 1000) + i), "x");
            }

            return context.Bucket.WriteBatchAsync("sensor", batch);
        }));

        Assert.All(results, result => Assert.Empty(result));
        Assert.Equal(1200, context.Server.Storage.GetRecords("data", "sensor").Count);
        Assert.Equal(0, context.Server.Statistics.OverlappingWriteRequests);
    }

    [Theory]
    [InlineData("1.21")]
    [InlineData("1.17")]
    public async Task Concurrent_record_batches_over_shared_entries_never_overlap_and_never_deadlock(string apiVersion)
    {
        await using var context = await RealServerContext.StartAsync(apiVersion);
        string[] entries = ["a", "b", "c", "d", "e"];

        // Each call spans three entries, rotated, so that every pair of calls shares some: v2 requests take their
        // entries' locks together, v1 requests one entry at a time.
        BatchWriteResult<RecordKey>[] results = await Task.WhenAll(Enumerable.Range(0, 5).Select(call =>
        {
            var batch = new RecordBatch();
            for (int e = 0; e < 3; e++)
            {
                for (int i = 0; i < 120; i++)
                {
                    batch.Add(entries[(call + e) % entries.Length], (ulong)((call * 1000) + i), "x");
                }
            }

            return context.Bucket.WriteBatchAsync(batch);
        }));

        Assert.All(results, result => Assert.Empty(result));
        Assert.All(entries, entry => Assert.Equal(360, context.Server.Storage.GetRecords("data", entry).Count));
        Assert.Equal(0, context.Server.Statistics.OverlappingWriteRequests);
    }

    [Fact]
    public async Task The_writer_with_default_options_stores_20000_records_to_one_entry()
    {
        await using var context = await RealServerContext.StartAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter();
        EntryWriter entry = writer.OpenEntry("sensor", "application/octet-stream");
        byte[] body = new byte[100];

        for (ulong i = 0; i < 20_000; i++)
        {
            await entry.WriteAsync(i + 1, body);
        }

        Assert.Empty(await writer.FlushAsync());
        Assert.Equal(20_000, context.Server.Storage.GetRecords("data", "sensor").Count);
        Assert.Equal(0, context.Server.Statistics.OverlappingWriteRequests);
    }

    [Fact]
    public async Task The_writer_over_many_entries_keeps_its_requests_to_disjoint_entries()
    {
        await using var context = await RealServerContext.StartAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions { MaxConcurrentRequests = 4 });
        EntryWriter[] sensors = Enumerable.Range(0, 50).Select(i => writer.OpenEntry($"sensor-{i}")).ToArray();
        byte[] reading = new byte[16];

        // Round-robin over the entries, as a gateway's readings arrive: swept partial chunks span many entries.
        for (ulong t = 1; t <= 400; t++)
        {
            foreach (EntryWriter sensor in sensors)
            {
                await sensor.WriteAsync(t, reading);
            }

            if (t % 100 == 0)
            {
                Assert.Empty(await writer.FlushAsync());
            }
        }

        Assert.All(sensors, sensor => Assert.Equal(400, context.Server.Storage.GetRecords("data", sensor.Name).Count));
        Assert.Equal(0, context.Server.Statistics.OverlappingWriteRequests);
    }

    [Fact]
    public async Task A_writer_and_batches_of_one_client_to_the_same_entry_wait_for_each_other()
    {
        await using var context = await RealServerContext.StartAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions { FlushRecordCount = 50 });
        EntryWriter entry = writer.OpenEntry("sensor");

        Task batches = Task.Run(async () =>
        {
            for (int call = 0; call < 20; call++)
            {
                var batch = new Batch();
                for (int i = 0; i < 50; i++)
                {
                    batch.Add((ulong)(1_000_000 + (call * 100) + i), "b");
                }

                Assert.Empty(await context.Bucket.WriteBatchAsync("sensor", batch));
            }
        });
        for (ulong i = 1; i <= 2000; i++)
        {
            await entry.WriteAsync(i, "w"u8.ToArray());
        }

        await batches;
        Assert.Empty(await writer.FlushAsync());
        Assert.Equal(3000, context.Server.Storage.GetRecords("data", "sensor").Count);
        Assert.Equal(0, context.Server.Statistics.OverlappingWriteRequests);
    }

    [Fact]
    public async Task A_write_to_another_entry_goes_while_one_is_in_flight_and_one_to_the_same_entry_waits()
    {
        await using var context = await RealServerContext.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstChunkSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task held = context.Bucket.WriteAsync("camera", HeldChunks(firstChunkSent, release.Task), contentLength: 8, 1000UL);
        await firstChunkSent.Task;
        Task sameEntry = context.Bucket.WriteAsync("camera", "next"u8.ToArray(), 2000UL);

        // Another entry is not held up by the upload in flight.
        await context.Bucket.WriteAsync("microphone", "beep"u8.ToArray(), 1000UL);
        Assert.NotNull(context.Server.Storage.FindRecord("data", "microphone", 1000));
        Assert.False(sameEntry.IsCompleted, "a second write to the entry was sent while the first was in flight");
        Assert.Null(context.Server.Storage.FindRecord("data", "camera", 2000));

        release.SetResult();
        await Task.WhenAll(held, sameEntry);
        Assert.Equal(2, context.Server.Storage.GetRecords("data", "camera").Count);
        Assert.Equal(0, context.Server.Statistics.OverlappingWriteRequests);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> HeldChunks(TaskCompletionSource firstChunkSent, Task release)
    {
        yield return "abcd"u8.ToArray();
        firstChunkSent.TrySetResult();
        await release;
        yield return "efgh"u8.ToArray();
    }

    /// <summary>A server that fails overlapping writes as ReductStore 1.20 does, and a client of it.</summary>
    private static class RealServerContext
    {
        public static Task<ServerAndBucket> StartAsync(string apiVersion = "1.21") =>
            ServerAndBucket.StartAsync("data", new ReductTestServerOptions
            {
                ApiVersion = apiVersion,
                OverlappingWrites = OverlappingWriteBehavior.BlockLikeRealServer,

                // Long enough that an overlap fails the test loudly, short enough not to hang it.
                LockTimeout = TimeSpan.FromSeconds(5),
            });
    }
}
