using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Reduct.Client;
using Reduct.Client.Testing;
using Reduct.Client.Tests.Integration;

namespace Reduct.Client.Tests.Ingestion;

public class IngestionWriterTests
{
    private static readonly Labels SensorLabels = new() { ["site"] = "north", ["unit"] = "c" };

    [Fact]
    public async Task Flushes_when_the_record_count_is_reached()
    {
        await using var context = await WriterContext.StartAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions { FlushRecordCount = 10, FlushInterval = TimeSpan.FromHours(1) });
        EntryWriter entry = writer.OpenEntry("sensor", "text/plain", SensorLabels);

        for (ulong i = 0; i < 10; i++)
        {
            await entry.WriteAsync(i, Encoding.ASCII.GetBytes($"r{i}"));
        }

        await Poll.Until(() => context.Server.Storage.GetRecords("writer", "sensor").Count == 10);
        StoredRecord first = context.Server.Storage.FindRecord("writer", "sensor", 0)!;
        Assert.Equal("text/plain", first.ContentType);
        Assert.Equal("north", first.Labels["site"]);
    }

    [Fact]
    public async Task A_string_body_is_written_as_utf8()
    {
        await using var context = await WriterContext.StartAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter();
        EntryWriter entry = writer.OpenEntry("notes", "text/plain");

        await entry.WriteAsync(1UL, "grüße");

        Assert.Empty(await writer.FlushAsync());
        Assert.Equal(Encoding.UTF8.GetBytes("grüße"), context.Server.Storage.FindRecord("writer", "notes", 1)!.ReadData());
    }

    [Fact]
    public async Task Flushes_when_the_byte_count_is_reached()
    {
        await using var context = await WriterContext.StartAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions { FlushBytes = 1000, FlushInterval = TimeSpan.FromHours(1) });
        EntryWriter entry = writer.OpenEntry("blob");

        await entry.WriteAsync(1UL, new byte[600]);
        await entry.WriteAsync(2UL, new byte[600]);

        await Poll.Until(() => context.Server.Storage.GetRecords("writer", "blob").Count == 2);
    }

    [Fact]
    public async Task An_idle_writer_flushes_on_its_timer_without_further_writes()
    {
        await using var context = await WriterContext.StartAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions { FlushInterval = TimeSpan.FromMilliseconds(100) });
        EntryWriter entry = writer.OpenEntry("sensor");

        var clock = Stopwatch.StartNew();
        await entry.WriteAsync(1UL, "one"u8.ToArray());

        await Poll.Until(() => context.Server.Storage.FindRecord("writer", "sensor", 1) is not null);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(90), $"flushed after {clock.Elapsed.TotalMilliseconds} ms, before the interval");

        // The server stores the record before its answer reaches the writer, which then gives the buffer space back.
        await Poll.Until(() => writer.BufferedRecords == 0);
    }

    [Fact]
    public async Task Producers_wait_while_the_buffer_is_full_and_memory_stays_bounded()
    {
        await using var context = await WriterContext.StartAsync();
        context.Server.Faults.DelayResponses(TimeSpan.FromMilliseconds(100), count: 8);
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions
        {
            MaxBufferedRecords = 20,
            FlushRecordCount = 10,
            FlushInterval = TimeSpan.FromMilliseconds(20),
        });
        EntryWriter entry = writer.OpenEntry("sensor");

        int highest = 0;
        for (ulong i = 0; i < 200; i++)
        {
            await entry.WriteAsync(i, new byte[16]);
            highest = Math.Max(highest, writer.BufferedRecords);
        }

        Assert.Empty(await writer.FlushAsync());
        Assert.InRange(highest, 1, 20);
        Assert.Equal(200, context.Server.Storage.GetRecords("writer", "sensor").Count);
    }

    [Fact]
    public async Task Fail_fast_mode_refuses_records_when_full()
    {
        await using var context = await WriterContext.StartAsync();
        context.Server.Faults.DelayResponses(TimeSpan.FromSeconds(1), count: 1);
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions
        {
            MaxBufferedRecords = 5,
            FlushRecordCount = 5,
            WhenFull = IngestionWriterFullMode.Fail,
        });
        EntryWriter entry = writer.OpenEntry("sensor");
        for (ulong i = 0; i < 5; i++)
        {
            await entry.WriteAsync(i, new byte[1]);
        }

        IngestionBufferFullException error = await Assert.ThrowsAsync<IngestionBufferFullException>(async () => await entry.WriteAsync(99UL, new byte[1]));
        Assert.Contains("was not taken", error.Message, StringComparison.Ordinal);
        Assert.Empty(await writer.FlushAsync());
        Assert.Null(context.Server.Storage.FindRecord("writer", "sensor", 99));
        Assert.Equal(5, context.Server.Storage.GetRecords("writer", "sensor").Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Concurrent_producers_store_every_record_exactly_once(int concurrentRequests)
    {
        await using var context = await WriterContext.StartAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions
        {
            FlushInterval = TimeSpan.FromMilliseconds(20),
            MaxConcurrentRequests = concurrentRequests,
        });
        EntryWriter[] entries = [.. Enumerable.Range(0, 4).Select(i => writer.OpenEntry($"sensor-{i}", "text/plain", SensorLabels))];

        await Parallel.ForAsync(0, 8, async (producer, token) =>
        {
            for (int i = 0; i < 500; i++)
            {
                // Each producer owns a disjoint set of timestamps, spread over every entry.
                ulong timestamp = (ulong)((i * 8) + producer);
                await entries[i % 4].WriteAsync(timestamp, Encoding.ASCII.GetBytes($"{producer}:{i}"), token);
            }
        });

        Assert.Empty(await writer.FlushAsync());
        int total = 0;
        for (int e = 0; e < 4; e++)
        {
            IReadOnlyList<StoredRecord> records = context.Server.Storage.GetRecords("writer", $"sensor-{e}");
            total += records.Count;
            Assert.Equal(records.Count, records.Select(r => r.Timestamp).Distinct().Count());
            foreach (StoredRecord record in records)
            {
                int producer = (int)(record.Timestamp % 8);
                int i = (int)(record.Timestamp / 8);
                Assert.Equal($"{producer}:{i}", Encoding.ASCII.GetString(record.ReadData()));
            }
        }

        Assert.Equal(4000, total);
    }

    [Fact]
    public async Task Each_of_many_concurrent_flushes_returns_only_after_the_records_its_producer_wrote_before_it_are_stored()
    {
        await using var context = await WriterContext.StartAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions
        {
            FlushRecordCount = 7,
            FlushInterval = TimeSpan.FromHours(1),
            MaxBufferedRecords = 50,
        });
        EntryWriter[] entries = [.. Enumerable.Range(0, 5).Select(i => writer.OpenEntry($"sensor-{i}"))];

        await Parallel.ForAsync(0, 4, async (producer, token) =>
        {
            for (int i = 0; i < 300; i++)
            {
                ulong timestamp = (ulong)((i * 4) + producer);
                EntryWriter entry = entries[(i + producer) % 5];
                await entry.WriteAsync(timestamp, new byte[8], token);
                if (i % 25 == 24)
                {
                    Assert.Empty(await writer.FlushAsync(token));

                    // Everything this producer wrote so far is on the server now, whatever the others do meanwhile.
                    for (int j = 0; j <= i; j++)
                    {
                        Assert.NotNull(context.Server.Storage.FindRecord("writer", $"sensor-{(j + producer) % 5}", (ulong)((j * 4) + producer)));
                    }
                }
            }
        });

        Assert.Empty(await writer.CloseAsync());
        Assert.Equal(1200, Enumerable.Range(0, 5).Sum(e => context.Server.Storage.GetRecords("writer", $"sensor-{e}").Count));
        Assert.Equal(0, context.Server.Statistics.OverlappingWriteRequests);
        Assert.Equal(0, writer.BufferedRecords);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_quiet_entry_is_flushed_while_busy_entries_keep_every_slot_busy(int slots)
    {
        await using var context = await WriterContext.StartAsync();
        context.Server.Faults.DelayResponses(TimeSpan.FromMilliseconds(20), 1_000_000);
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions
        {
            MaxConcurrentRequests = slots,
            FlushRecordCount = 10,
            MaxBufferedRecords = 200,
        });
        EntryWriter[] busy = [.. Enumerable.Range(0, slots).Select(i => writer.OpenEntry($"busy-{i}"))];
        EntryWriter quiet = writer.OpenEntry("quiet");
        using var stop = new CancellationTokenSource();
        Task producers = Task.Run(async () =>
        {
            // Full requests of the busy entries, back to back, for as long as the test runs.
            for (ulong t = 1; !stop.IsCancellationRequested; t++)
            {
                foreach (EntryWriter entry in busy)
                {
                    await entry.WriteAsync(t, new byte[10]);
                }
            }
        });
        await Poll.Until(() => writer.BufferedRecords >= 100);

        await quiet.WriteAsync(1UL, new byte[10]);
        Task<IReadOnlyList<FailedRecord>> flush = writer.FlushAsync();
        Task first = await Task.WhenAny(flush, Task.Delay(TimeSpan.FromSeconds(10)));
        bool storedWhileBusy = context.Server.Storage.FindRecord("writer", "quiet", 1) is not null;
        await stop.CancelAsync();
        await producers;

        Assert.Same(flush, first);
        Assert.Empty(await flush);
        Assert.True(storedWhileBusy);
        Assert.Empty(await writer.CloseAsync());
        Assert.Equal(0, context.Server.Statistics.OverlappingWriteRequests);
    }

    [Fact]
    public async Task Per_record_failures_reach_the_handler_and_FlushAsync()
    {
        await using var context = await WriterContext.StartAsync();
        await context.Bucket.WriteAsync("sensor", "already here", 5UL);
        var handled = new ConcurrentBag<FailedRecord>();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions
        {
            OnFailure = failure =>
            {
                handled.Add(failure);
                return ValueTask.CompletedTask;
            },
        });
        EntryWriter entry = writer.OpenEntry("sensor");
        for (ulong i = 0; i < 10; i++)
        {
            await entry.WriteAsync(i, new byte[4]);
        }

        IReadOnlyList<FailedRecord> failures = await writer.FlushAsync();

        FailedRecord failure = Assert.Single(failures);
        Assert.Equal(("sensor", 5UL, 409), (failure.Entry, failure.Timestamp.Microseconds, failure.Error.Status));
        Assert.Equal("A record with timestamp 5 already exists", failure.Error.ServerMessage);
        Assert.Equal(failure, Assert.Single(handled));
        Assert.Empty(await writer.FlushAsync());
        Assert.Equal(10, context.Server.Storage.GetRecords("writer", "sensor").Count);
    }

    [Fact]
    public async Task A_slow_failure_handler_holds_up_neither_sending_nor_other_writes_but_a_flush_waits_for_it()
    {
        await using var context = await WriterContext.StartAsync();
        await context.Bucket.WriteAsync("sensor", "already here", 1UL);
        var release = new TaskCompletionSource();
        var handled = new ConcurrentQueue<FailedRecord>();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions
        {
            FlushRecordCount = 1,
            OnFailure = async failure =>
            {
                await release.Task;
                handled.Enqueue(failure);
            },
        });
        EntryWriter sensor = writer.OpenEntry("sensor");
        await sensor.WriteAsync(1UL, new byte[4]);
        Task<IReadOnlyList<FailedRecord>> flush = writer.FlushAsync();

        // The handler waits for the first failure; the writer goes on sending meanwhile.
        for (ulong i = 2; i < 20; i++)
        {
            await sensor.WriteAsync(i, new byte[4]);
        }

        await Poll.Until(() => context.Server.Storage.GetRecords("writer", "sensor").Count == 19);
        Assert.False(flush.IsCompleted);
        Assert.Empty(handled);

        release.SetResult();
        FailedRecord failure = Assert.Single(await flush);
        Assert.Equal((1UL, 409), (failure.Timestamp.Microseconds, failure.Error.Status));
        Assert.Equal(failure, Assert.Single(handled));
        Assert.Empty(await writer.CloseAsync());
    }

    [Fact]
    public async Task Dispose_sends_what_is_buffered()
    {
        await using var context = await WriterContext.StartAsync();
        IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions { FlushInterval = TimeSpan.FromHours(1) });
        EntryWriter entry = writer.OpenEntry("sensor");
        await entry.WriteAsync(1UL, "a"u8.ToArray());
        await entry.WriteAsync(2UL, "b"u8.ToArray());
        Assert.Empty(context.Server.Storage.GetRecords("writer", "sensor"));

        await writer.DisposeAsync();

        Assert.Equal(2, context.Server.Storage.GetRecords("writer", "sensor").Count);
    }

    [Fact]
    public async Task A_request_cut_off_by_the_dispose_timeout_is_reported_outcome_unknown_and_was_stored()
    {
        await using var context = await WriterContext.StartAsync();
        IngestionWriter writer = await ThreeRecordsToASlowServerAsync(context, new IngestionWriterOptions
        {
            FlushInterval = TimeSpan.FromHours(1),
            DisposeTimeout = TimeSpan.FromMilliseconds(300),
        });

        IngestionException error = await Assert.ThrowsAsync<IngestionException>(() => writer.CloseAsync());

        // The server had the request when its answer was cut off: "failed" would be a lie.
        Assert.Equal([0UL, 1UL, 2UL], error.Failures.Select(f => f.Timestamp.Microseconds).Order());
        Assert.All(error.Failures, f => Assert.Equal(ReductException.Timeout, f.Error.Status));
        Assert.All(error.Failures, f => Assert.True(f.Error.IsOutcomeUnknown, f.Error.Message));
        Assert.Equal(3, context.Server.Storage.GetRecords("writer", "sensor").Count);
    }

    [Fact]
    public async Task Records_never_sent_before_the_dispose_timeout_are_reported_as_not_stored_and_are_not()
    {
        await using var context = await WriterContext.StartAsync();
        IngestionWriter writer = await ThreeRecordsToASlowServerAsync(context, new IngestionWriterOptions
        {
            FlushRecordCount = 1,
            FlushInterval = TimeSpan.FromHours(1),
            DisposeTimeout = TimeSpan.FromMilliseconds(300),
        });

        IngestionException error = await Assert.ThrowsAsync<IngestionException>(() => writer.CloseAsync());

        // One request to the entry at a time: the first was in flight, the other two were never sent.
        Assert.Equal(3, error.Failures.Count);
        AssertFailuresMatchStorage(context, "sensor", error.Failures);
        Assert.Single(error.Failures, f => f.Error.IsOutcomeUnknown);
        Assert.Single(context.Server.Storage.GetRecords("writer", "sensor"));
    }

    [Fact]
    public async Task After_a_431_split_the_half_already_answered_is_not_reported_failed()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { MaxBatchRecords = 0 });
        using var withheld = new CancellationTokenSource();
        var handler = new WithholdingHandler(withheld.Token) { InnerHandler = new SocketsHttpHandler() };
        using var client = new ReductClient(new HttpClient(handler) { BaseAddress = server.Url, Timeout = Timeout.InfiniteTimeSpan });
        Bucket bucket = await client.CreateBucketAsync("writer");
        IngestionWriter writer = bucket.CreateWriter(new IngestionWriterOptions
        {
            FlushInterval = TimeSpan.FromHours(1),
            DisposeTimeout = TimeSpan.FromSeconds(2),
        });
        EntryWriter entry = writer.OpenEntry("sensor");
        for (ulong i = 0; i < 20; i++)
        {
            await entry.WriteAsync(i, new byte[8]);
        }

        // 15 request headers at most: 20 records are refused and split; the second answered request's answer is withheld.
        handler.WithholdAnswerOfLastRequest = true;
        IngestionException error = await Assert.ThrowsAsync<IngestionException>(() => writer.CloseAsync());
        withheld.Cancel();

        var stored = server.Storage.GetRecords("writer", "sensor").Select(r => r.Timestamp).ToHashSet();
        var reported = error.Failures.Select(f => f.Timestamp.Microseconds).ToHashSet();
        Assert.Contains(error.Failures, f => f.Error.IsOutcomeUnknown && stored.Contains(f.Timestamp.Microseconds));
        Assert.All(error.Failures.Where(f => !f.Error.IsOutcomeUnknown), f => Assert.DoesNotContain(f.Timestamp.Microseconds, stored));

        // The request answered before the one withheld: stored, and not in the report.
        Assert.Contains(stored, timestamp => !reported.Contains(timestamp));
    }

    [Fact]
    public async Task Disposing_never_throws_and_logs_the_failures_no_handler_saw()
    {
        var logs = new CollectingLoggerFactory();
        using var client = new ReductClient(new ReductClientOptions
        {
            Url = new Uri("http://127.0.0.1:1"),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            LoggerFactory = logs,
        });
        IngestionWriter writer = client.GetBucket("nowhere").CreateWriter(new IngestionWriterOptions { DisposeTimeout = TimeSpan.FromSeconds(1) });
        EntryWriter entry = writer.OpenEntry("sensor");
        await entry.WriteAsync(1UL, new byte[8]);

        await writer.DisposeAsync();
        await writer.DisposeAsync();

        Assert.Single(logs.Messages, m => m.Level == LogLevel.Warning && m.Text.Contains("disposed with 1 records not stored", StringComparison.Ordinal));
        Assert.Empty(await writer.CloseAsync());
    }

    [Fact]
    public async Task Close_with_a_cancelled_token_stops_sending_and_reports_what_it_did_not_send()
    {
        await using var context = await WriterContext.StartAsync();
        var seen = new ConcurrentBag<FailedRecord>();
        IngestionWriter writer = await ThreeRecordsToASlowServerAsync(context, new IngestionWriterOptions
        {
            FlushRecordCount = 1,
            FlushInterval = TimeSpan.FromHours(1),
            OnFailure = failed =>
            {
                seen.Add(failed);
                return ValueTask.CompletedTask;
            },
        });

        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        IReadOnlyList<FailedRecord> failures = await writer.CloseAsync(stop.Token);

        // A handler saw them, so the close returns them instead of throwing.
        Assert.Equal(3, failures.Count);
        Assert.Equal(3, seen.Count);
        AssertFailuresMatchStorage(context, "sensor", failures);
    }

    [Fact]
    public async Task An_unreachable_server_reports_every_record_at_close()
    {
        using var client = new ReductClient(new ReductClientOptions { Url = new Uri("http://127.0.0.1:1"), ConnectTimeout = TimeSpan.FromSeconds(2) });
        IngestionWriter writer = client.GetBucket("nowhere").CreateWriter(new IngestionWriterOptions { DisposeTimeout = TimeSpan.FromSeconds(5) });
        EntryWriter entry = writer.OpenEntry("sensor");
        await entry.WriteAsync(1UL, new byte[8]);
        await entry.WriteAsync(2UL, new byte[8]);

        IngestionException error = await Assert.ThrowsAsync<IngestionException>(() => writer.CloseAsync());

        // Refused connections are retried, so the records end either refused or cut off by the dispose timeout.
        Assert.Equal(2, error.Failures.Count);
        Assert.All(error.Failures, f => Assert.True(f.Error.IsTransportFailure, f.Error.Message));
    }

    /// <summary>
    /// A writer with records 0, 1 and 2 of entry <c>sensor</c> queued, against a server whose next ten answers
    /// come 5 s late: long past any deadline the tests set.
    /// </summary>
    private static async Task<IngestionWriter> ThreeRecordsToASlowServerAsync(ServerAndBucket context, IngestionWriterOptions options)
    {
        context.Server.Faults.DelayResponses(TimeSpan.FromSeconds(5), count: 10);
        IngestionWriter writer = context.Bucket.CreateWriter(options);
        EntryWriter entry = writer.OpenEntry("sensor");
        for (ulong i = 0; i < 3; i++)
        {
            await entry.WriteAsync(i, new byte[8]);
        }

        return writer;
    }

    /// <summary>A record reported failed is not stored, unless it is flagged outcome-unknown.</summary>
    private static void AssertFailuresMatchStorage(ServerAndBucket context, string entry, IReadOnlyList<FailedRecord> failures)
    {
        foreach (FailedRecord failure in failures.Where(f => !f.Error.IsOutcomeUnknown))
        {
            Assert.Null(context.Server.Storage.FindRecord("writer", entry, failure.Timestamp.Microseconds));
        }
    }

    /// <summary>Passes requests on; once told to, keeps the answer of each batch request until the test ends.</summary>
    private sealed class WithholdingHandler(CancellationToken release) : DelegatingHandler
    {
        private int _answered;

        public bool WithholdAnswerOfLastRequest { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            if (WithholdAnswerOfLastRequest && response.IsSuccessStatusCode && request.RequestUri!.AbsolutePath.EndsWith("/write", StringComparison.Ordinal)
                && Interlocked.Increment(ref _answered) > 1)
            {
                // The server stored the records; the client never hears so.
                using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, release);
                await Task.Delay(Timeout.Infinite, both.Token);
            }

            return response;
        }
    }

    [Fact]
    public async Task Writes_after_dispose_and_to_closed_or_unknown_entries_fail_clearly()
    {
        await using var context = await WriterContext.StartAsync();
        IngestionWriter writer = context.Bucket.CreateWriter();
        EntryWriter entry = writer.OpenEntry("sensor");
        EntryWriter closed = writer.OpenEntry("closed");
        closed.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await closed.WriteAsync(1UL, new byte[1]));
        Assert.Equal("entry", (await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync("closed", 1UL, new byte[1]))).ParamName);
        Assert.Equal("entry", (await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync("never-opened", 1UL, new byte[1]))).ParamName);
        await writer.WriteAsync("sensor", 1UL, new byte[1]);
        Assert.Equal("timestamp", (await Assert.ThrowsAsync<ArgumentException>(async () => await entry.WriteAsync(1UL, new byte[1]))).ParamName);

        await writer.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await entry.WriteAsync(2UL, new byte[1]));
        Assert.Throws<ObjectDisposedException>(() => writer.OpenEntry("late"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.FlushAsync());
        Assert.Single(context.Server.Storage.GetRecords("writer", "sensor"));
    }

    [Fact]
    public async Task Bad_input_is_refused_before_anything_is_queued()
    {
        await using var context = await WriterContext.StartAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions { MaxBufferedBytes = 1000 });

        Assert.Equal("entry", Assert.Throws<ArgumentException>(() => writer.OpenEntry("bad entry")).ParamName);
        Assert.Equal("contentType", Assert.Throws<ArgumentException>(() => writer.OpenEntry("e", "a,b")).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => writer.OpenEntry("e", labels: new Labels { ["k"] = "" })).ParamName);
        EntryWriter entry = writer.OpenEntry("e");
        Assert.Equal("data", (await Assert.ThrowsAsync<ArgumentException>(async () => await entry.WriteAsync(1UL, new byte[2000]))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => context.Bucket.CreateWriter(new IngestionWriterOptions { FlushRecordCount = 0 }));
        Assert.Equal(0, writer.BufferedRecords);
    }

    [Fact]
    public async Task Labels_can_change_mid_stream()
    {
        await using var context = await WriterContext.StartAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter();
        EntryWriter entry = writer.OpenEntry("sensor", "text/plain", SensorLabels);

        await entry.WriteAsync(1UL, "a"u8.ToArray());
        await entry.WriteAsync(2UL, "b"u8.ToArray(), new Labels { ["site"] = "south", ["alarm"] = true });
        await entry.WriteAsync(3UL, "c"u8.ToArray());
        Assert.Empty(await writer.FlushAsync());

        Assert.Equal(new Dictionary<string, string> { ["site"] = "north", ["unit"] = "c" }, context.Server.Storage.FindRecord("writer", "sensor", 1)!.Labels);
        Assert.Equal(new Dictionary<string, string> { ["site"] = "south", ["alarm"] = "true" }, context.Server.Storage.FindRecord("writer", "sensor", 2)!.Labels);
        Assert.Equal(new Dictionary<string, string> { ["site"] = "north", ["unit"] = "c" }, context.Server.Storage.FindRecord("writer", "sensor", 3)!.Labels);
    }

    [Theory]
    [InlineData("1.17")]
    [InlineData("1.21")]
    public async Task Works_on_old_and_new_servers(string apiVersion)
    {
        await using var context = await WriterContext.StartAsync(apiVersion);
        await using IngestionWriter writer = context.Bucket.CreateWriter();
        EntryWriter a = writer.OpenEntry("a", "text/plain", SensorLabels);
        EntryWriter b = writer.OpenEntry("b-c");
        for (ulong i = 0; i < 300; i++)
        {
            await a.WriteAsync(i, Encoding.ASCII.GetBytes($"a{i}"));
            await b.WriteAsync(i, Encoding.ASCII.GetBytes($"b{i}"));
        }

        Assert.Empty(await writer.FlushAsync());
        Assert.Equal(300, context.Server.Storage.GetRecords("writer", "a").Count);
        Assert.Equal("b299", Encoding.ASCII.GetString(context.Server.Storage.FindRecord("writer", "b-c", 299)!.ReadData()));
    }

    [Theory]
    [InlineData(100, 24.0)]
    [InlineData(1000, 24.5)]
    public async Task A_steady_stream_costs_about_24_request_head_bytes_per_record(ulong spacingMicroseconds, double limit)
    {
        // Each record header is "x-reduct-0-<delta>: 16": the delta's digits depend on the spacing of the records.
        await using var context = await WriterContext.StartAsync();
        await context.Client.GetInfoAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions { FlushInterval = TimeSpan.FromHours(1) });
        EntryWriter entry = writer.OpenEntry("sensor", "application/octet-stream", SensorLabels);

        context.Server.Statistics.Reset();
        for (ulong i = 0; i < 8000; i++)
        {
            await entry.WriteAsync(1_700_000_000_000_000UL + (i * spacingMicroseconds), new byte[16]);
        }

        Assert.Empty(await writer.FlushAsync());
        double perRecord = context.Server.Statistics.RequestHeadBytes / 8000.0;
        Assert.True(perRecord <= limit, $"{perRecord:F2} request-head bytes per record");
    }

    [Fact]
    public async Task Busy_entries_get_requests_of_their_own_and_quiet_ones_share_one_at_the_interval()
    {
        await using var context = await WriterContext.StartAsync();
        await context.Client.GetInfoAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions { FlushRecordCount = 10, FlushInterval = TimeSpan.FromHours(1) });
        EntryWriter[] busy = [.. Enumerable.Range(0, 5).Select(i => writer.OpenEntry($"busy-{i}", labels: SensorLabels))];
        EntryWriter[] quiet = [.. Enumerable.Range(0, 4).Select(i => writer.OpenEntry($"quiet-{i}", labels: SensorLabels))];
        context.Server.Statistics.Reset();

        // Round robin over the busy entries: each reaches ten records and goes out alone, not mixed with the others.
        for (ulong t = 0; t < 10; t++)
        {
            foreach (EntryWriter entry in busy)
            {
                await entry.WriteAsync(t, new byte[8]);
            }
        }

        await Poll.Until(() => busy.All(e => context.Server.Storage.GetRecords("writer", e.Name).Count == 10));
        await context.Server.Statistics.WaitForIdleAsync();
        Assert.Equal(5, context.Server.Statistics.RequestCount);
        long busyHead = context.Server.Statistics.RequestHeadBytes;

        // Two records each from the quiet entries and one more busy record: all partial, so one request on flush.
        foreach (EntryWriter entry in quiet)
        {
            await entry.WriteAsync(1UL, new byte[8]);
            await entry.WriteAsync(2UL, new byte[8]);
        }

        await busy[0].WriteAsync(10UL, new byte[8]);
        Assert.Empty(await writer.FlushAsync());
        Assert.Equal(6, context.Server.Statistics.RequestCount);
        Assert.All(quiet, e => Assert.Equal(2, context.Server.Storage.GetRecords("writer", e.Name).Count));
        Assert.Equal(11, context.Server.Storage.GetRecords("writer", "busy-0").Count);
        Assert.Equal("north", context.Server.Storage.FindRecord("writer", "quiet-3", 2)!.Labels["site"]);

        // A one-entry request repeats no metadata after its first record: far fewer head bytes per record.
        Assert.True(busyHead / 50.0 < 40, $"{busyHead / 50.0:F1} head bytes per record in one-entry requests");
    }

    [Fact]
    public async Task A_backlog_goes_out_with_the_allowed_number_of_requests_in_flight()
    {
        await using var context = await WriterContext.StartAsync();
        int most = await MostRequestsInFlightAsync(context, "sensor-a", "sensor-b", "sensor-c");

        // Three entries, two slots: two requests at once, each to an entry of its own.
        Assert.Equal(2, most);
        Assert.Equal(0, context.Server.Statistics.OverlappingWriteRequests);
    }

    [Fact]
    public async Task A_backlog_to_one_entry_goes_out_one_request_at_a_time()
    {
        await using var context = await WriterContext.StartAsync();
        int most = await MostRequestsInFlightAsync(context, "sensor");

        Assert.Equal(1, most);
        Assert.Equal(0, context.Server.Statistics.OverlappingWriteRequests);
    }

    /// <summary>Queues 60 records per entry in requests of 10 and samples the server's open requests while they drain.</summary>
    private static async Task<int> MostRequestsInFlightAsync(ServerAndBucket context, params string[] entries)
    {
        await context.Client.GetInfoAsync();
        context.Server.Faults.DelayResponses(TimeSpan.FromMilliseconds(200), count: 6);
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions
        {
            FlushRecordCount = 10,
            MaxConcurrentRequests = 2,
            FlushInterval = TimeSpan.FromHours(1),
        });
        EntryWriter[] handles = entries.Select(name => writer.OpenEntry(name)).ToArray();
        for (ulong i = 0; i < 60; i++)
        {
            foreach (EntryWriter handle in handles)
            {
                await handle.WriteAsync(i, new byte[8]);
            }
        }

        Task<IReadOnlyList<FailedRecord>> flush = writer.FlushAsync();
        int most = 0;
        while (!flush.IsCompleted)
        {
            most = Math.Max(most, context.Server.Statistics.ActiveRequests);
            await Task.Delay(5);
        }

        Assert.Empty(await flush);
        Assert.All(entries, name => Assert.Equal(60, context.Server.Storage.GetRecords("writer", name).Count));
        return most;
    }

    [Fact]
    public async Task A_timestamp_written_twice_out_of_order_is_refused_while_its_request_is_collected()
    {
        await using var context = await WriterContext.StartAsync();
        await using IngestionWriter writer = context.Bucket.CreateWriter(new IngestionWriterOptions { FlushInterval = TimeSpan.FromHours(1) });
        EntryWriter entry = writer.OpenEntry("sensor");
        await entry.WriteAsync(5UL, "five"u8.ToArray());
        await entry.WriteAsync(3UL, "three"u8.ToArray());
        await entry.WriteAsync(4UL, "four"u8.ToArray());

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(async () => await entry.WriteAsync(3UL, "again"u8.ToArray()));
        Assert.Equal("timestamp", error.ParamName);
        Assert.Empty(await writer.FlushAsync());
        Assert.Equal("three", Encoding.ASCII.GetString(context.Server.Storage.FindRecord("writer", "sensor", 3)!.ReadData()));
        Assert.Equal(3, context.Server.Storage.GetRecords("writer", "sensor").Count);
    }

    private static class WriterContext
    {
        public static Task<ServerAndBucket> StartAsync(string apiVersion = "1.21") =>
            ServerAndBucket.StartAsync("writer", new ReductTestServerOptions { ApiVersion = apiVersion });
    }
}
