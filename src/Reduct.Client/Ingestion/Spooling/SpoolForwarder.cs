using Microsoft.Extensions.Logging;
using Reduct.Client.Diagnostics;
using Reduct.Client.Ingestion.Buffering;
using Reduct.Client.Protocol;

namespace Reduct.Client.Ingestion.Spooling;

/// <summary>
/// The spool stage of a writer with <see cref="IngestionWriterOptions.Spool"/>: producers' records go into the
/// <see cref="SpoolLog"/> (a write returns once its record is there), and one loop reads them back in acceptance order,
/// a window at a time, and sends each window through a <see cref="MemoryWriter"/> (collection, batching,
/// one request in flight per entry). A record is acknowledged in the spool once the server stored it or refused it
/// for good; one that failed for a reason that passes (the server down or overloaded, an answer lost) is sent again
/// with backoff, for as long as it takes, and a window ends only when each of its records is settled.
/// </summary>
/// <remarks>
/// A record sent again, or left by an earlier run, that meets <c>409 ... already exists</c> was stored by an attempt
/// whose answer was lost: it counts as stored, so a replay stores nothing twice.
/// </remarks>
internal sealed class SpoolForwarder : IWriterStage
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly SpoolLog _log;
    private readonly MemoryWriter _sender;
    private readonly IngestionWriterOptions _options;
    private readonly string _bucket;
    private readonly ILogger _logger;
    private readonly object _sync = new();
    private readonly Dictionary<string, CollectedEntry> _senderEntries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _lastLabels = new(StringComparer.Ordinal);
    private readonly List<(SpoolCursor Target, TaskCompletionSource Done)> _flushWaiters = [];
    private readonly FailureReport _failures;
    private readonly Dictionary<RecordKey, ReductException> _unmatchedFailures = [];
    private ReductException? _lastPassingError;
    private readonly CancellationTokenSource _stopWaiting = new();
    private TaskCompletionSource _flushRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abort = new();
    private readonly int _windowRecords;
    private readonly long _windowBytes;
    private Task _loop = Task.CompletedTask;
    private readonly IDisposable _metrics;

    // Every record before this cursor is settled: stored, refused for good, or dropped from a full spool.
    private SpoolCursor _settled;
    private bool _stopping;
    private Task<IReadOnlyList<FailedRecord>>? _stopped;

    // Set when the spool could not be read (a segment damaged while this writer ran): flushes and the close report it.
    private Exception? _readerFailure;

    public SpoolForwarder(SpoolLog log, MemoryWriter sender, IngestionWriterOptions options, string bucket, ILogger logger)
    {
        _log = log;
        _sender = sender;
        _options = options;
        _bucket = bucket;
        _logger = logger;
        _windowRecords = Math.Max(1, Math.Min(options.MaxBufferedRecords, 20_000));
        _windowBytes = Math.Max(1, Math.Min(options.MaxBufferedBytes / 2, 16L * 1024 * 1024));
        _settled = log.Start;
        _failures = new FailureReport(options.OnFailure, logger, bucket);
        _log.Dropped = OnDropped;
        _metrics = ReductMetrics.WriterSpools.Track(log, bucket, options.Spool!.Directory);
        if (log.Recovery.Records > 0)
        {
            Log.SpoolRecovered(logger, bucket, options.Spool!.Directory, log.Recovery.Records, log.Recovery.CutRecords, log.Recovery.CutBytes);
        }
    }

    /// <summary>Records in the spool not yet settled.</summary>
    public int BufferedRecords => (int)Math.Min(int.MaxValue, _log.PendingRecords);

    /// <summary>Bytes of the spool's segment files.</summary>
    public long BufferedBytes => _log.Bytes;

    /// <summary>How long the oldest record not yet settled has waited.</summary>
    public TimeSpan SpoolOldestAge => _log.OldestAge();

    /// <summary>What opening the spool found.</summary>
    public SpoolRecovery? SpoolRecovery => _log.Recovery;

    /// <summary>Starts the sender, the failure handler's delivery and the loop that reads the spool.</summary>
    public void Start()
    {
        _sender.Start();
        _failures.Start();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Takes a record into the spool; returns once it is as durable as the options say.</summary>
    public async ValueTask EnqueueAsync(EntryWriter entry, ReductTimestamp timestamp, ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string>? labels, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_stopping, typeof(IngestionWriter));
        }

        await _log.AppendAsync(new SpooledRecord(entry.Name, timestamp.Microseconds, entry.ContentType, labels ?? NoLabels, data), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until every record accepted before the call is settled; returns the failures since the last flush.</summary>
    public async Task<IReadOnlyList<FailedRecord>> FlushAsync(CancellationToken cancellationToken)
    {
        Task done;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_stopping, typeof(IngestionWriter));
            if (_readerFailure is not null)
            {
                throw _readerFailure;
            }

            SpoolCursor target = _log.End;
            if (!IsBefore(_settled, target))
            {
                done = Task.CompletedTask;
            }
            else
            {
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _flushWaiters.Add((target, waiter));
                done = waiter.Task;
                _flushRequested.TrySetResult();
            }
        }

        await done.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await _failures.TakeHandledAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops intake, sends what the spool holds for up to the dispose timeout, and leaves the rest in the spool for the
    /// next writer on the directory (it is not reported failed: it is not lost). Returns the failures not yet taken; a
    /// later call waits for the first (its token can still cut sending short) and returns an empty list.
    /// </summary>
    public async Task<IReadOnlyList<FailedRecord>> StopAsync(CancellationToken cancellationToken)
    {
        Task<IReadOnlyList<FailedRecord>> stopped;
        bool first;
        lock (_sync)
        {
            first = _stopped is null;
            _stopping = true;
            _stopped ??= FinishAsync();
            stopped = _stopped;
        }

        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort))
        {
            IReadOnlyList<FailedRecord> failures = await stopped.ConfigureAwait(false);
            return first ? failures : [];
        }
    }

    /// <summary>Why the spool stopped sending before the writer was closed (it could not be read), or null.</summary>
    public Exception? Fault => Volatile.Read(ref _readerFailure);

    private async Task<IReadOnlyList<FailedRecord>> FinishAsync()
    {
        _stopWaiting.Cancel();
        _abort.CancelAfter(_options.DisposeTimeout);
        await _loop.ConfigureAwait(false);

        // Records the sender still holds are in the spool too: whatever it reports now is settled next time.
        await _sender.StopAsync(CancellationToken.None).ConfigureAwait(false);
        _metrics.Dispose();
        _log.Dispose();
        lock (_sync)
        {
            foreach ((SpoolCursor _, TaskCompletionSource waiter) in _flushWaiters)
            {
                waiter.TrySetResult();
            }

            _flushWaiters.Clear();
        }

        await _failures.CompleteAsync().ConfigureAwait(false);
        return _failures.Take();
    }

    private async Task RunAsync()
    {
        SpoolCursor cursor = _log.Start;

        // Two windows in flight: the next goes into the sender while the server answers the last requests of the
        // previous one, so the sender's parallelism across entries does not drain at each window's end.
        Window? previous = null;
        try
        {
            while (!_abort.IsCancellationRequested)
            {
                if (previous is null)
                {
                    await WaitForFullerWindowAsync(cursor).ConfigureAwait(false);
                }

                List<(SpoolPosition Position, SpooledRecord Record)> records = _log.Read(ref cursor, _windowRecords, _windowBytes);
                if (records.Count == 0 && previous is null)
                {
                    if (Volatile.Read(ref _stopping))
                    {
                        break;
                    }

                    try
                    {
                        await _log.WaitForRecordsAsync(cursor, _stopWaiting.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopping: one more read takes what arrived meanwhile.
                    }

                    continue;
                }

                Window? current = records.Count == 0 ? null : await StartAsync(Attempts(records), cursor).ConfigureAwait(false);
                if (previous is not null)
                {
                    List<Attempt> retry = await SettleAsync(previous).ConfigureAwait(false);
                    SpoolCursor settledTo = previous.End;
                    if (retry.Count > 0 && current is not null)
                    {
                        // A record to send again stops the pipeline: everything in flight settles first, in order.
                        retry.AddRange(await SettleAsync(current).ConfigureAwait(false));
                        settledTo = current.End;
                        current = null;
                    }

                    if (retry.Count > 0 && !await SendUntilSettledAsync(retry).ConfigureAwait(false))
                    {
                        break;
                    }

                    Settle(settledTo);
                }

                previous = current;
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
        {
            // The dispose deadline passed: what is not settled stays in the spool.
        }
        catch (Exception ex)
        {
            // The spool cannot be read on (or the loop failed): nothing more is sent, what is not settled stays in the
            // spool (the next writer on it cuts what is damaged and counts it), and the flushes waiting now, and every
            // later one, fail with the reason instead of waiting for ever.
            Exception failure = ex is IOException or InvalidDataException or UnauthorizedAccessException
                ? new IOException($"The writer's spool at '{_options.Spool!.Directory}' could not be read, so sending stopped: {ex.Message}", ex)
                : new InvalidOperationException($"The writer's spool at '{_options.Spool!.Directory}' stopped sending: {ex.Message}", ex);
            lock (_sync)
            {
                _readerFailure = failure;
                foreach ((SpoolCursor _, TaskCompletionSource waiter) in _flushWaiters)
                {
                    waiter.TrySetException(failure);
                }

                _flushWaiters.Clear();
            }
        }
    }

    /// <summary>
    /// While only a few records wait, gives producers up to one flush interval to add more, as the writer without a
    /// spool collects for that long: a window of a handful of records per entry would be sent in many small requests.
    /// A flush or the end of intake cuts the wait short.
    /// </summary>
    private async Task WaitForFullerWindowAsync(SpoolCursor cursor)
    {
        // Enough for several full requests: send now, as the writer sends a full collection at once.
        long waiting = _log.CountAfter(cursor);
        if (waiting == 0 || waiting >= Math.Min(_windowRecords, 8L * _options.FlushRecordCount))
        {
            return;
        }

        Task flushed;
        lock (_sync)
        {
            if (_stopping || _flushWaiters.Count > 0)
            {
                return;
            }

            if (_flushRequested.Task.IsCompleted)
            {
                _flushRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            flushed = _flushRequested.Task;
        }

        try
        {
            await Task.WhenAny(flushed, Task.Delay(_options.FlushInterval, _stopWaiting.Token)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: send what there is.
        }
    }

    private List<Attempt> Attempts(List<(SpoolPosition Position, SpooledRecord Record)> records)
    {
        var attempts = new List<Attempt>(records.Count);
        foreach ((SpoolPosition position, SpooledRecord record) in records)
        {
            // A record an earlier run left may have been stored by it: it is on its second attempt.
            attempts.Add(new Attempt(position, record, _log.IsRecovered(position) ? 1 : 0));
        }

        return attempts;
    }

    /// <summary>Hands the records to the sender and asks it to send them at once; the window settles when they are settled there.</summary>
    private async Task<Window> StartAsync(List<Attempt> records, SpoolCursor end)
    {
        var refusedAtIntake = new Dictionary<RecordKey, ReductException>();
        foreach (Attempt attempt in records)
        {
            SpooledRecord record = attempt.Record;
            try
            {
                await _sender.EnqueueAsync(SenderEntry(record), new ReductTimestamp(record.Timestamp), record.Body, LabelsOf(record), _abort.Token).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                // A second record of an entry at one timestamp: the server would refuse it as well.
                refusedAtIntake[new RecordKey(record.Entry, new ReductTimestamp(record.Timestamp))] =
                    new ReductException(409, $"A record with timestamp {record.Timestamp} already exists", ex.Message, null);
            }
        }

        return new Window(records, end, refusedAtIntake, _sender.WaitForSettledAsync(_abort.Token));
    }

    /// <summary>
    /// Waits for a window's flush and acknowledges what is settled: stored, refused for good, or stored by an earlier
    /// attempt (409 on a later one). Returns the records to send again.
    /// </summary>
    private async Task<List<Attempt>> SettleAsync(Window window)
    {
        // Once the window is settled its failures are in the sender's report: this loop alone takes them, so none can go
        // to another taker. Some may belong to the window after this one; they wait here until it settles.
        await window.Settled.ConfigureAwait(false);
        foreach (FailedRecord failure in _sender.Failures.Take())
        {
            _unmatchedFailures[new RecordKey(failure.Entry, failure.Timestamp)] = failure.Error;
        }

        var retry = new List<Attempt>();
        var refused = new List<FailedRecord>();
        var settled = new List<SpoolPosition>(window.Records.Count);

        // Most windows have no failure at all: then no record needs a look-up.
        bool anyFailure = window.RefusedAtIntake.Count > 0 || _unmatchedFailures.Count > 0;
        foreach (Attempt attempt in window.Records)
        {
            if (anyFailure)
            {
                var key = new RecordKey(attempt.Record.Entry, new ReductTimestamp(attempt.Record.Timestamp));
                bool refusedAtIntake = window.RefusedAtIntake.TryGetValue(key, out ReductException? error);
                if ((refusedAtIntake || _unmatchedFailures.Remove(key, out error)) && !(attempt.Number > 0 && ServerErrors.IsAlreadyExists(error!)))
                {
                    if (!refusedAtIntake && IsPassing(error!))
                    {
                        retry.Add(attempt with { Number = attempt.Number + 1 });
                        _lastPassingError = error!;
                        continue;
                    }

                    refused.Add(new FailedRecord(key.Entry, key.Timestamp, error!));
                }
            }

            settled.Add(attempt.Position);
        }

        _log.Acknowledge(settled);
        _failures.Add(refused);
        return retry;
    }

    /// <summary>Sends records again, with backoff, until each is settled; false when the dispose deadline stopped it.</summary>
    private async Task<bool> SendUntilSettledAsync(List<Attempt> pending)
    {
        TimeSpan delay = FirstRetryDelay;
        while (pending.Count > 0)
        {
            Log.SpoolRetrying(_logger, _bucket, pending.Count, delay, _lastPassingError?.Message ?? string.Empty);
            try
            {
                await Task.Delay(delay, _abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
            pending = await SettleAsync(await StartAsync(pending, default).ConfigureAwait(false)).ConfigureAwait(false);
        }

        return true;
    }

    // The server down, overloaded or busy, or an answer that did not come: sending again later can store the record.
    private static bool IsPassing(ReductException error) =>
        error.IsTransient || error.IsOutcomeUnknown || ServerErrors.IsLockTimeout(error);

    private CollectedEntry SenderEntry(in SpooledRecord record)
    {
        if (!_senderEntries.TryGetValue(record.Entry, out CollectedEntry? entry) || !string.Equals(entry.ContentType, record.ContentType, StringComparison.Ordinal))
        {
            entry = new CollectedEntry(record.Entry, record.ContentType);
            _senderEntries[record.Entry] = entry;
        }

        return entry;
    }

    // The same labels as the entry's previous record share one dictionary, so that the batch encoder can reuse its text.
    private IReadOnlyDictionary<string, string>? LabelsOf(in SpooledRecord record)
    {
        if (record.Labels.Count == 0)
        {
            return null;
        }

        if (_lastLabels.TryGetValue(record.Entry, out IReadOnlyDictionary<string, string>? last) && last.Count == record.Labels.Count)
        {
            bool same = true;
            foreach (KeyValuePair<string, string> label in record.Labels)
            {
                if (!last.TryGetValue(label.Key, out string? value) || value != label.Value)
                {
                    same = false;
                    break;
                }
            }

            if (same)
            {
                return last;
            }
        }

        var labels = new Dictionary<string, string>(record.Labels.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> label in record.Labels)
        {
            labels[label.Key] = label.Value;
        }

        _lastLabels[record.Entry] = labels;
        return labels;
    }

    private void Settle(SpoolCursor cursor)
    {
        lock (_sync)
        {
            _settled = cursor;
            for (int i = _flushWaiters.Count - 1; i >= 0; i--)
            {
                if (!IsBefore(cursor, _flushWaiters[i].Target))
                {
                    _flushWaiters[i].Done.TrySetResult();
                    _flushWaiters.RemoveAt(i);
                }
            }
        }
    }

    // Called by a producer's write that made room; the failure handler runs on the report's own loop.
    private void OnDropped(IReadOnlyList<SpooledRecord> records)
    {
        var error = new ReductException(ReductException.DroppedFromSpool,
            $"Dropped from the full spool at '{_options.Spool!.Directory}' (SpoolFullMode.DropOldest) before it was sent.");
        _failures.Add([.. records.Select(r => new FailedRecord(r.Entry, new ReductTimestamp(r.Timestamp), error))]);
    }

    // Cursor order: by segment, then by record index (an acceptance cursor has offset 0; only segment and index count).
    private static bool IsBefore(SpoolCursor a, SpoolCursor b) => a.Segment < b.Segment || (a.Segment == b.Segment && a.Index < b.Index);

    /// <summary>A record of the spool on its way to the server, and how many times it was sent before.</summary>
    private readonly record struct Attempt(SpoolPosition Position, SpooledRecord Record, int Number);

    /// <summary>Records handed to the sender together, the cursor after them, and the flush that settles them.</summary>
    private sealed record Window(List<Attempt> Records, SpoolCursor End, Dictionary<RecordKey, ReductException> RefusedAtIntake, Task Settled);
}
