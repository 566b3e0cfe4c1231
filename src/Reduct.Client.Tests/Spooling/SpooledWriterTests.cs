using System.Collections.Concurrent;
using System.Text;
using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Spooling;

/// <summary>
/// The writer with a spool: records survive a server that is down and a writer that is closed before it could send
/// them, are sent first by the next writer on the directory, a server outage mid-run fails nothing, and what the server
/// refuses for good (or a full spool drops) is reported. Checked in what the reference server holds.
/// </summary>
public sealed class SpooledWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "reduct-spooled-" + Guid.NewGuid().ToString("N"));
    private readonly string _data = Path.Combine(Path.GetTempPath(), "reduct-spooled-data-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        foreach (string folder in new[] { _directory, _data })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Every_record_is_stored_and_the_spool_is_empty_after_close()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("spooled");

        await using (IngestionWriter writer = bucket.CreateWriter(Options()))
        {
            EntryWriter[] entries = [.. Enumerable.Range(0, 10).Select(e => writer.OpenEntry($"sensor-{e}", "text/plain", new Labels { ["site"] = "north" }))];
            for (int i = 0; i < 5_000; i++)
            {
                await entries[i % 10].WriteAsync((ulong)(1_000 + i), Body(i));
            }

            Assert.Empty(await writer.CloseAsync());
        }

        AssertStored(server, Enumerable.Range(0, 5_000));
        StoredRecord sample = server.Storage.FindRecord("spooled", "sensor-3", 1_003)!;
        Assert.Equal("text/plain", sample.ContentType);
        Assert.Equal("north", sample.Labels["site"]);
        Assert.Empty(Directory.EnumerateFiles(_directory, "segment-*"));
        Assert.Equal(0, server.Statistics.OverlappingWriteRequests);
    }

    [Fact]
    public async Task Records_a_writer_could_not_send_are_sent_first_by_the_next_writer_on_the_directory()
    {
        using (var offline = new ReductClient(new ReductClientOptions { Url = ClosedPort.Url, Retry = { MaxRetryAttempts = 0 } }))
        {
            var failures = new ConcurrentQueue<FailedRecord>();
            IngestionWriter writer = offline.GetBucket("spooled").CreateWriter(Options(disposeTimeout: TimeSpan.FromSeconds(1), onFailure: failures.Enqueue));
            EntryWriter entry = writer.OpenEntry("sensor", "text/plain");
            for (int i = 0; i < 300; i++)
            {
                await entry.WriteAsync((ulong)(1_000 + i), Body(i));
            }

            Assert.Empty(await writer.CloseAsync());
            Assert.Empty(failures);
            Assert.Equal(300, writer.BufferedRecords);
        }

        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("spooled");
        await using IngestionWriter next = bucket.CreateWriter(Options());

        Assert.Equal(300, next.SpoolRecovery!.Records);
        Assert.Empty(await next.FlushAsync());
        AssertStored(server, Enumerable.Range(0, 300), entry: "sensor");
    }

    [Fact]
    public async Task Records_left_by_a_run_that_had_stored_some_of_them_are_stored_once_and_none_reported()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("spooled");
        using (var offline = new ReductClient(new ReductClientOptions { Url = ClosedPort.Url, Retry = { MaxRetryAttempts = 0 } }))
        {
            IngestionWriter writer = offline.GetBucket("spooled").CreateWriter(Options(disposeTimeout: TimeSpan.FromSeconds(1)));
            EntryWriter entry = writer.OpenEntry("sensor", "text/plain");
            for (int i = 0; i < 100; i++)
            {
                await entry.WriteAsync((ulong)(1_000 + i), Body(i));
            }

            await writer.CloseAsync();
        }

        // Half of them reached the server before the acknowledgement was lost.
        for (int i = 0; i < 50; i++)
        {
            await bucket.WriteAsync("sensor", Body(i), (ulong)(1_000 + i), new RecordWriteOptions { ContentType = "text/plain" });
        }

        await using IngestionWriter next = bucket.CreateWriter(Options());
        Assert.Empty(await next.FlushAsync());
        AssertStored(server, Enumerable.Range(0, 100), entry: "sensor");
    }

    [Fact]
    public async Task A_server_outage_mid_run_fails_nothing_and_everything_is_stored_when_it_is_back()
    {
        var serverOptions = new ReductTestServerOptions { DataPath = _data };
        ReductTestServer server = await ReductTestServer.StartAsync(serverOptions);
        int port = server.Url.Port;
        using var client = new ReductClient(new ReductClientOptions { Url = server.Url, Retry = { MaxRetryAttempts = 1, BaseDelay = TimeSpan.FromMilliseconds(50) } });
        Bucket bucket = await client.CreateBucketAsync("spooled");
        var failures = new ConcurrentQueue<FailedRecord>();
        await using IngestionWriter writer = bucket.CreateWriter(Options(onFailure: failures.Enqueue));
        EntryWriter entry = writer.OpenEntry("sensor", "text/plain");
        for (int i = 0; i < 200; i++)
        {
            await entry.WriteAsync((ulong)(1_000 + i), Body(i));
        }

        await writer.FlushAsync();
        await server.DisposeAsync();

        // The server is down: writes still return at once, into the spool.
        for (int i = 200; i < 600; i++)
        {
            await entry.WriteAsync((ulong)(1_000 + i), Body(i));
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(failures);
        Assert.True(writer.BufferedRecords >= 400, $"{writer.BufferedRecords} records wait in the spool");

        await using ReductTestServer back = await ReductTestServer.StartAsync(new ReductTestServerOptions { DataPath = _data, Port = port });
        Assert.Empty(await writer.FlushAsync().WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Empty(failures);
        AssertStored(back, Enumerable.Range(0, 600), entry: "sensor");
    }

    [Fact]
    public async Task A_record_the_server_refuses_on_its_first_attempt_is_reported_as_without_a_spool()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("spooled");
        await bucket.WriteAsync("sensor", "earlier", 1_005);
        var failures = new ConcurrentQueue<FailedRecord>();

        await using (IngestionWriter writer = bucket.CreateWriter(Options(onFailure: failures.Enqueue)))
        {
            EntryWriter entry = writer.OpenEntry("sensor");
            for (int i = 0; i < 10; i++)
            {
                await entry.WriteAsync((ulong)(1_000 + i), Body(i));
            }

            IReadOnlyList<FailedRecord> failed = await writer.FlushAsync();
            FailedRecord conflict = Assert.Single(failed);
            Assert.Equal(1_005UL, conflict.Timestamp.Microseconds);
            Assert.Equal(409, conflict.Error.Status);
        }

        Assert.Single(failures);
        Assert.Equal("earlier", Encoding.UTF8.GetString(server.Storage.FindRecord("spooled", "sensor", 1_005)!.ReadData()));
        Assert.Equal(10, server.Storage.GetRecords("spooled", "sensor").Count);
        Assert.Empty(Directory.EnumerateFiles(_directory, "segment-*"));
    }

    [Fact]
    public async Task A_missing_bucket_is_reported_for_each_record_and_the_spool_lets_them_go()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        await using IngestionWriter writer = client.GetBucket("missing").CreateWriter(Options());
        EntryWriter entry = writer.OpenEntry("sensor");
        for (int i = 0; i < 5; i++)
        {
            await entry.WriteAsync((ulong)(1_000 + i), Body(i));
        }

        IReadOnlyList<FailedRecord> failed = await writer.FlushAsync();

        Assert.Equal(5, failed.Count);
        Assert.All(failed, f => Assert.Equal(404, f.Error.Status));
        Assert.Equal(0, writer.BufferedRecords);
    }

    [Fact]
    public async Task A_second_writer_on_the_same_spool_directory_is_refused_with_a_clear_error()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("spooled");
        await using IngestionWriter first = bucket.CreateWriter(Options());

        var refused = Assert.Throws<InvalidOperationException>(() => bucket.CreateWriter(Options()));

        Assert.Contains("in use by another writer", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_spool_in_fail_mode_refuses_writes_while_the_server_is_down()
    {
        using var offline = new ReductClient(new ReductClientOptions { Url = ClosedPort.Url, Retry = { MaxRetryAttempts = 0 } });
        await using IngestionWriter writer = offline.GetBucket("spooled").CreateWriter(Options(disposeTimeout: TimeSpan.Zero, maxBytes: 16 * 1024, whenFull: SpoolFullMode.Fail));
        EntryWriter entry = writer.OpenEntry("sensor");
        int taken = 0;

        await Assert.ThrowsAsync<IngestionBufferFullException>(async () =>
        {
            while (true)
            {
                await entry.WriteAsync((ulong)(1_000 + taken), Body(taken));
                taken++;
            }
        });

        Assert.True(taken > 100, $"{taken} records were taken before the spool was full");
        Assert.Equal(taken, writer.BufferedRecords);
    }

    [Fact]
    public async Task A_full_spool_in_drop_oldest_mode_reports_what_it_dropped_and_stores_the_rest()
    {
        var failures = new ConcurrentQueue<FailedRecord>();
        int written = 0;
        using (var offline = new ReductClient(new ReductClientOptions { Url = ClosedPort.Url, Retry = { MaxRetryAttempts = 0 } }))
        {
            IngestionWriter writer = offline.GetBucket("spooled").CreateWriter(
                Options(disposeTimeout: TimeSpan.Zero, maxBytes: 16 * 1024, whenFull: SpoolFullMode.DropOldest, onFailure: failures.Enqueue));
            EntryWriter entry = writer.OpenEntry("sensor");
            while (failures.IsEmpty || written < 1_000)
            {
                await entry.WriteAsync((ulong)(1_000 + written), Body(written));
                written++;
            }

            await writer.CloseAsync();
        }

        await Poll.Until(() => !failures.IsEmpty);
        Assert.All(failures, f => Assert.Equal(ReductException.DroppedFromSpool, f.Error.Status));
        HashSet<ulong> dropped = [.. failures.Select(f => f.Timestamp.Microseconds)];

        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("spooled");
        await using IngestionWriter next = bucket.CreateWriter(Options());
        Assert.Empty(await next.FlushAsync());

        IReadOnlyList<StoredRecord> stored = server.Storage.GetRecords("spooled", "sensor");
        Assert.Equal(written - dropped.Count, stored.Count);
        Assert.DoesNotContain(stored, r => dropped.Contains(r.Timestamp));
        Assert.Contains(stored, r => r.Timestamp == (ulong)(1_000 + written - 1));
    }

    [Fact]
    public async Task A_torn_tail_left_by_a_crash_is_cut_counted_and_the_rest_is_sent()
    {
        using (var offline = new ReductClient(new ReductClientOptions { Url = ClosedPort.Url, Retry = { MaxRetryAttempts = 0 } }))
        {
            IngestionWriter writer = offline.GetBucket("spooled").CreateWriter(Options(disposeTimeout: TimeSpan.Zero));
            EntryWriter entry = writer.OpenEntry("sensor");
            for (int i = 0; i < 20; i++)
            {
                await entry.WriteAsync((ulong)(1_000 + i), Body(i));
            }

            await writer.CloseAsync();
        }

        string segment = Assert.Single(Directory.EnumerateFiles(_directory, "segment-*"));
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(file.Length - 3);
        }

        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("spooled");
        await using IngestionWriter next = bucket.CreateWriter(Options());

        Assert.Equal(19, next.SpoolRecovery!.Records);
        Assert.Equal(1, next.SpoolRecovery.CutRecords);
        Assert.Empty(await next.FlushAsync());
        AssertStored(server, Enumerable.Range(0, 19), entry: "sensor");
    }

    [Fact]
    public async Task A_segment_damaged_while_the_writer_runs_fails_flushes_and_close_with_the_reason_and_the_next_writer_sends_the_rest()
    {
        ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { DataPath = _data });
        int port = server.Url.Port;
        using var client = new ReductClient(new ReductClientOptions { Url = server.Url, Retry = { MaxRetryAttempts = 0 } });
        Bucket bucket = await client.CreateBucketAsync("spooled");
        await server.DisposeAsync();
        var options = new IngestionWriterOptions
        {
            Spool = new SpoolOptions { Directory = _directory, SegmentBytes = 4096, MaxBytes = 64L << 20 },
            DisposeTimeout = TimeSpan.FromSeconds(5),
        };

        await using (IngestionWriter writer = bucket.CreateWriter(options))
        {
            EntryWriter entry = writer.OpenEntry("sensor");
            for (int i = 0; i < 500; i++)
            {
                await entry.WriteAsync((ulong)(1_000 + i), Body(i));
            }

            // With the server down the reader waits on its first windows; a later sealed segment is damaged on disk.
            await Task.Delay(TimeSpan.FromSeconds(1));
            string[] segments = [.. Directory.EnumerateFiles(_directory, "segment-*").Order(StringComparer.Ordinal)];
            Assert.True(segments.Length >= 4, $"{segments.Length} segments");
            string damaged = segments[^2];
            using (var file = new FileStream(damaged, FileMode.Open))
            {
                file.Position = file.Length - 2;
                int b = file.ReadByte();
                file.Position = file.Length - 2;
                file.WriteByte((byte)(b ^ 0xFF));
            }

            await using ReductTestServer back = await ReductTestServer.StartAsync(new ReductTestServerOptions { DataPath = _data, Port = port });
            IOException flushError = await Assert.ThrowsAsync<IOException>(() => writer.FlushAsync().WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains(_directory, flushError.Message, StringComparison.Ordinal);
            Assert.Contains("could not be read", flushError.Message, StringComparison.Ordinal);
            Assert.IsType<InvalidDataException>(flushError.InnerException);
            await Assert.ThrowsAsync<IOException>(() => writer.CloseAsync());
        }

        await using ReductTestServer again = await ReductTestServer.StartAsync(new ReductTestServerOptions { DataPath = _data, Port = port });
        await using IngestionWriter next = bucket.CreateWriter(options);
        Assert.Equal(1, next.SpoolRecovery!.CutRecords);
        Assert.Empty(await next.FlushAsync().WaitAsync(TimeSpan.FromMinutes(1)));
        IReadOnlyList<StoredRecord> stored = again.Storage.GetRecords("spooled", "sensor");
        Assert.Equal(499, stored.Count);
        Assert.Equal(499, stored.Select(r => r.Timestamp).Distinct().Count());
    }

    [Theory]
    [InlineData(37)]
    [InlineData(57)]
    [InlineData(97)]
    public async Task Every_record_the_server_already_has_is_reported_once_when_windows_overlap(int maxBufferedRecords)
    {
        // Small windows over two entries, two in flight at once: a window's failures must not be taken for the next one's.
        const int count = 1_500;
        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("spooled");
        var batch = new RecordBatch();
        for (int i = 0; i < count; i++)
        {
            batch.Add("sensor", (ulong)(1_000 + i), Body(i));
        }

        Assert.Empty(await bucket.WriteBatchAsync(batch));
        var failures = new ConcurrentDictionary<ulong, int>();
        IngestionWriterOptions options = Options(onFailure: f => failures.AddOrUpdate(f.Timestamp.Microseconds, 1, (_, seen) => seen + 1));
        options.MaxBufferedRecords = maxBufferedRecords;
        options.FlushRecordCount = 10;
        options.FlushInterval = TimeSpan.FromMilliseconds(5);

        await using (IngestionWriter writer = bucket.CreateWriter(options))
        {
            EntryWriter stored = writer.OpenEntry("sensor");
            EntryWriter fresh = writer.OpenEntry("other");
            for (int i = 0; i < count; i++)
            {
                await stored.WriteAsync((ulong)(1_000 + i), Body(i));
                await fresh.WriteAsync((ulong)(1_000 + i), Body(i));
                if (i % 50 == 0)
                {
                    await Task.Delay(1);
                }
            }

            await writer.CloseAsync();
            Assert.Equal(0, writer.BufferedRecords);
        }

        Assert.Equal(count, failures.Count);
        Assert.All(failures.Values, seen => Assert.Equal(1, seen));
        Assert.Equal(count, server.Storage.GetRecords("spooled", "other").Count);
    }

    [Fact]
    public async Task A_spooled_record_larger_than_the_next_writers_buffer_is_still_sent_and_a_new_one_is_refused_at_intake()
    {
        byte[] large = [.. Enumerable.Range(0, 2 << 20).Select(i => (byte)i)];
        using (var offline = new ReductClient(new ReductClientOptions { Url = ClosedPort.Url, Retry = { MaxRetryAttempts = 0 } }))
        {
            IngestionWriter writer = offline.GetBucket("spooled").CreateWriter(Options(disposeTimeout: TimeSpan.Zero));
            await writer.OpenEntry("sensor").WriteAsync(1_000UL, large);
            await writer.CloseAsync();
        }

        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("spooled");
        IngestionWriterOptions smaller = Options();
        smaller.MaxBufferedBytes = 1 << 20;
        await using IngestionWriter next = bucket.CreateWriter(smaller);

        Assert.Empty(await next.FlushAsync());
        Assert.Equal(large, server.Storage.FindRecord("spooled", "sensor", 1_000)!.ReadData());
        ArgumentException refused = await Assert.ThrowsAsync<ArgumentException>(() => next.OpenEntry("sensor").WriteAsync(2_000UL, large).AsTask());
        Assert.Contains("larger than the writer's buffer", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await next.CloseAsync());
    }

    private IngestionWriterOptions Options(
        TimeSpan? disposeTimeout = null, long maxBytes = 64L * 1024 * 1024, SpoolFullMode whenFull = SpoolFullMode.Wait, Action<FailedRecord>? onFailure = null) => new()
    {
        Spool = new SpoolOptions { Directory = _directory, MaxBytes = maxBytes, SegmentBytes = Math.Min(maxBytes / 4, 1 << 20), WhenFull = whenFull },
        DisposeTimeout = disposeTimeout ?? TimeSpan.FromSeconds(30),
        OnFailure = onFailure is null ? null : f =>
        {
            onFailure(f);
            return ValueTask.CompletedTask;
        },
    };

    private static byte[] Body(int i) => Encoding.UTF8.GetBytes($"reading {i}");

    private static void AssertStored(ReductTestServer server, IEnumerable<int> indexes, string? entry = null)
    {
        foreach (int i in indexes)
        {
            string name = entry ?? $"sensor-{i % 10}";
            StoredRecord? record = server.Storage.FindRecord("spooled", name, (ulong)(1_000 + i));
            Assert.True(record is not null, $"record {i} of {name} is not stored");
            Assert.Equal(Body(i), record.ReadData());
        }
    }
}
