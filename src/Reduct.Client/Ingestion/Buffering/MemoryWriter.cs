using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Reduct.Client.Http;
using Reduct.Client.Ingestion.Spooling;

namespace Reduct.Client.Ingestion.Buffering;

/// <summary>
/// The in-memory stage of an <see cref="IngestionWriter"/>, built from stages that each own one concern:
/// <see cref="WriterAdmission"/> (room in the buffer, backpressure) → <see cref="EntryCollector"/> (collection per
/// entry, batching) → <see cref="SendSchedule"/> (at most one request in flight per entry) → <see cref="SendSlots"/>
/// (sending and acknowledgement) → <see cref="SettlementLedger"/> and <see cref="FailureReport"/> (flushes, failures).
/// This class holds them together and runs the loop that decides when partial collections go, when slots start, and
/// when the writer is done. The writer's only stage without a spool; with one, the spool stage sends through it.
/// </summary>
/// <remarks>
/// Records are collected per entry: an entry's records go out as a request of their own once they reach
/// <see cref="IngestionWriterOptions.FlushRecordCount"/> or <see cref="IngestionWriterOptions.FlushBytes"/>, so that a
/// busy entry's requests carry only the short steady-state record headers; when the oldest collected record has waited
/// <see cref="IngestionWriterOptions.FlushInterval"/> (or on a flush, or at the end), every free entry's partial
/// collection is sent, several entries per request. No entry state is kept between requests.
/// </remarks>
internal sealed class MemoryWriter : IWriterStage
{
    private readonly IngestionWriterOptions _options;
    private readonly WriterAdmission _admission;
    private readonly EntryCollector _collector;
    private readonly SendSchedule _schedule;
    private readonly SettlementLedger _ledger;
    private readonly SendSlots _slots;
    private readonly FailureReport _failures;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _abortSending = new();
    private readonly object _lifecycle = new();
    private Task _loop = Task.CompletedTask;

    // 1 from a wake-up of the loop until the loop starts its next pass: see WakeLoop.
    private int _wakePending;

    // Flushes asked for, and those the loop has served (everything collected when it looked went into requests).
    private long _flushesRequested;
    private long _flushesServed;
    private volatile bool _stopping;
    private bool _started;
    private Task<IReadOnlyList<FailedRecord>>? _stopped;

    public MemoryWriter(ReductHttpPipeline pipeline, string bucket, IngestionWriterOptions options, ILogger logger)
    {
        _options = options;
        var pool = new WriterObjectPool(options);
        _admission = new WriterAdmission(options, bucket);
        _schedule = new SendSchedule(options.MaxConcurrentRequests);
        _ledger = new SettlementLedger();
        _collector = new EntryCollector(options, pool, _schedule, _ledger);
        _failures = new FailureReport(options.OnFailure, logger, bucket);
        _slots = new SendSlots(pipeline, bucket, logger, _schedule, _admission, _ledger, pool, _failures, _abortSending.Token, WakeLoop);
    }

    /// <summary>Records queued or in flight.</summary>
    public int BufferedRecords => _admission.Records;

    /// <summary>Body bytes queued or in flight.</summary>
    public long BufferedBytes => _admission.Bytes;

    /// <summary>No spool here.</summary>
    public SpoolRecovery? SpoolRecovery => null;

    /// <summary>No spool here.</summary>
    public TimeSpan SpoolOldestAge => TimeSpan.Zero;

    /// <summary>Nothing here stops sending before the writer is closed.</summary>
    public Exception? Fault => null;

    /// <summary>Starts the loop and the failure handler's delivery; records may be queued from then on.</summary>
    public void Start()
    {
        lock (_lifecycle)
        {
            if (_started)
            {
                return;
            }

            _started = true;
            _failures.Start();
            _loop = Task.Run(RunAsync);
        }
    }

    /// <inheritdoc cref="IWriterStage.EnqueueAsync"/>
    public ValueTask EnqueueAsync(EntryWriter entry, ReductTimestamp timestamp, ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string>? labels, CancellationToken cancellationToken) =>
        EnqueueAsync(entry.Collected, timestamp, data, labels, cancellationToken);

    /// <summary>
    /// Queues a record of an entry; waits while the buffer is full, unless the writer fails fast. The size of a record
    /// is the writer's check (<see cref="IngestionWriter"/>); one larger than the buffer still fits an empty one.
    /// </summary>
    public ValueTask EnqueueAsync(CollectedEntry entry, ReductTimestamp timestamp, ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string>? labels, CancellationToken cancellationToken)
    {
        if (!_admission.TryTake(entry.Name, timestamp, data.Length))
        {
            return WaitAndEnqueueAsync(entry, timestamp, data, labels, cancellationToken);
        }

        Collect(entry, timestamp, data.Span, labels);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Where this stage reports failures. The spool stage, the only user of a stage without a handler, takes them from
    /// here itself after each <see cref="WaitForSettledAsync"/>, so that no two callers race for them.
    /// </summary>
    public FailureReport Failures => _failures;

    /// <summary>Sends everything queued before this call; returns the failures since the previous flush.</summary>
    public async Task<IReadOnlyList<FailedRecord>> FlushAsync(CancellationToken cancellationToken = default)
    {
        await WaitForSettledAsync(cancellationToken).ConfigureAwait(false);
        return await _failures.TakeHandledAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends everything queued before this call and completes once each of those records is stored or reported to
    /// <see cref="Failures"/>.
    /// </summary>
    public Task WaitForSettledAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopping, typeof(IngestionWriter));
        Task settled = _ledger.WaitForAsync(_collector.NextSequence);
        if (!settled.IsCompleted)
        {
            Interlocked.Increment(ref _flushesRequested);
            WakeLoop();
        }

        return settled.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops intake once, sends what is left and returns the failures not yet taken. A later call waits for the first
    /// (its token can still cut sending short) and returns an empty list.
    /// </summary>
    public async Task<IReadOnlyList<FailedRecord>> StopAsync(CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<FailedRecord>> stopped;
        bool first;
        lock (_lifecycle)
        {
            first = _stopped is null;
            if (first)
            {
                // Refused from here on, in this order: a record past the admission is refused by the collector.
                _admission.Close();
                _collector.Close();
                _stopping = true;
                _stopped = FinishAsync();
            }

            stopped = _stopped!;
        }

        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abortSending))
        {
            IReadOnlyList<FailedRecord> failures = await stopped.ConfigureAwait(false);
            return first ? failures : [];
        }
    }

    private async Task<IReadOnlyList<FailedRecord>> FinishAsync()
    {
        WakeLoop();
        _abortSending.CancelAfter(_options.DisposeTimeout);
        await _loop.ConfigureAwait(false);

        // The deadline's timer is not needed once everything is sent (the source stays: a later call may register on it).
        _abortSending.CancelAfter(Timeout.InfiniteTimeSpan);
        await _failures.CompleteAsync().ConfigureAwait(false);
        return _failures.Take();
    }

    private async ValueTask WaitAndEnqueueAsync(CollectedEntry entry, ReductTimestamp timestamp, ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string>? labels, CancellationToken cancellationToken)
    {
        do
        {
            await _admission.WaitForRoomAsync(data.Length, cancellationToken).ConfigureAwait(false);
        }
        while (!_admission.TryTake(entry.Name, timestamp, data.Length));

        Collect(entry, timestamp, data.Span, labels);
    }

    /// <summary>Collects a record whose room is taken; gives the room back when the collector refuses it.</summary>
    private void Collect(CollectedEntry entry, ReductTimestamp timestamp, ReadOnlySpan<byte> data, IReadOnlyDictionary<string, string>? labels)
    {
        bool wake;
        try
        {
            wake = _collector.Add(entry, timestamp, data, labels);
        }
        catch
        {
            _admission.Release(1, data.Length);
            throw;
        }

        if (wake)
        {
            WakeLoop();
        }
    }

    private async Task RunAsync()
    {
        var senders = new List<Task>();
        var busy = new HashSet<string>(StringComparer.Ordinal);
        long interval = (long)(_options.FlushInterval.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            // Cleared before this pass looks at the state: a change made after that look wakes the loop again.
            Volatile.Write(ref _wakePending, 0);
            long flushes = Interlocked.Read(ref _flushesRequested);
            bool stopping = _stopping;
            TimeSpan wait = Timeout.InfiniteTimeSpan;

            // A slot per free one. Partial chunks wait while a ready request can go instead, so that a busy writer
            // sends full requests: a flush (or the end) sweeps them when a slot is free, and a chunk that has waited
            // the flush interval is swept anyway, so that no record waits much longer than that for a busy writer.
            StartSlots(senders);
            if (_collector.TryGetAge(out TimeSpan age))
            {
                bool flushNow = (flushes != _flushesServed || stopping) && _schedule.HasFreeSlot;
                if (flushNow || age >= _options.FlushInterval)
                {
                    busy.Clear();
                    _schedule.CopyBusyEntries(busy);
                    if (_collector.SweepFree(busy, flushNow ? long.MaxValue : Stopwatch.GetTimestamp() - interval) > 0)
                    {
                        continue;
                    }

                    _collector.TryGetAge(out age);
                }

                // Due chunks of busy entries, or a flush waiting for a slot, are looked at again after an interval (and when
                // a slot runs out of work): waking the loop for every finished request would cost a pass, with a look at
                // every ready request, per request.
                wait = age >= _options.FlushInterval ? _options.FlushInterval : _options.FlushInterval - age;
            }

            if (_collector.IsEmpty && _schedule.ReadyCount == 0)
            {
                // Everything collected when the flushes looked is in requests: the ledger completes them.
                _flushesServed = flushes;
                if (stopping && _schedule.IsIdle)
                {
                    await Task.WhenAll(senders).ConfigureAwait(false);
                    return;
                }
            }

            // Woken by a first collected record, a full chunk, a flush, the end, or a slot that ran out of work.
            await _wake.WaitAsync(wait).ConfigureAwait(false);
        }
    }

    private void StartSlots(List<Task> senders)
    {
        senders.RemoveAll(static t => t.IsCompleted);
        while (_schedule.TryStart(out OutgoingBatch? batch))
        {
            senders.Add(_slots.RunAsync(batch));
        }
    }

    /// <summary>
    /// Wakes the loop once however many times it is called before the loop's next pass: each pass looks at the whole
    /// state, so a wake-up per event would only make the loop repeat passes that find nothing new.
    /// </summary>
    private void WakeLoop()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _wake.Release();
        }
    }
}
