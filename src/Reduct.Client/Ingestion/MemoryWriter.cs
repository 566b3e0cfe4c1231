using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Reduct.Client.Diagnostics;
using Reduct.Client.Http;
using Reduct.Client.Ingestion.Spooling;
using Reduct.Client.Writing;
using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>
/// The in-memory stage of an <see cref="IngestionWriter"/>: collection per entry, batching, sending (at most one
/// request in flight per entry, up to <see cref="IngestionWriterOptions.MaxConcurrentRequests"/> at once), flush
/// sequencing and failure reporting, with the buffer bounded by <see cref="IngestionWriterOptions.MaxBufferedBytes"/>
/// and <see cref="IngestionWriterOptions.MaxBufferedRecords"/>. The writer's only stage without a spool; with one,
/// the spool stage sends through it.
/// </summary>
/// <remarks>
/// Records are collected per entry: an entry's records go out as a request of their own once they reach
/// <see cref="IngestionWriterOptions.FlushRecordCount"/> or <see cref="IngestionWriterOptions.FlushBytes"/>, so that a
/// busy entry's requests carry only the short steady-state record headers; when the oldest collected record has waited
/// <see cref="IngestionWriterOptions.FlushInterval"/> (or on a flush, or at the end), every entry's partial collection is
/// sent, several entries per request. No entry state is kept between requests.
/// </remarks>
internal sealed class MemoryWriter : IWriterStage
{
    private readonly ReductHttpPipeline _pipeline;
    private readonly BatchSender _sender;
    private readonly string _bucket;
    private readonly IngestionWriterOptions _options;
    private readonly ILogger _logger;
#if NET9_0_OR_GREATER
    // Taken once per record by producers: the dedicated lock type is cheaper than a monitor on an object.
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _abortSending = new();
    private readonly Task _loop;
    private readonly List<TaskCompletionSource> _spaceWaiters = [];
    // Flushes waiting for the records queued before them, in the order they came (so by sequence number).
    private readonly List<(long Sequence, TaskCompletionSource Done)> _flushWaiters = [];
    private readonly List<FailedRecord> _failuresSinceFlush = [];

    private readonly List<EntryWriter> _collecting = [];
    // Requests ready to send, oldest first; one starts only when none of its entries is in flight.
    private readonly List<OutgoingBatch> _ready = [];
    // The batches being sent, one per send slot in use: its count is the number of slots taken.
    private readonly List<OutgoingBatch> _inFlight = [];
    // The entries of the batches in flight: each belongs to one of them at most (the real server's rule).
    private readonly HashSet<string> _entriesInFlight = new(StringComparer.Ordinal);
    // Entries of ready batches passed over in one scan (kept to reuse its storage).
    private readonly HashSet<string> _passedOver = new(StringComparer.Ordinal);
    private readonly Stack<EntryChunk> _spareChunks = new();
    private readonly Stack<OutgoingBatch> _spareBatches = new();
    private readonly StrongBox<long> _queueDepth;

    /// <summary>
    /// Chunks and batches kept for reuse at most: as many as a full buffer needs (each holds a list of record
    /// descriptions, no body storage), so that a busy writer stops allocating them.
    /// </summary>
    private readonly int _maxSpareObjects;
    // 1 from a wake-up of the loop until the loop starts its next pass: see WakeLoop.
    private int _wakePending;

    // The loop and senders about to take the lock; producers let them go first (see LetOwnThreadsGoFirst).
    private int _ownThreadsWaiting;
    private long _collectingSince;
    private long _bufferedBytes;
    private int _bufferedRecords;
    private long _enqueued;
    private bool _flushRequested;
    private bool _stopping;

    public MemoryWriter(ReductHttpPipeline pipeline, string bucket, IngestionWriterOptions options, ILogger logger)
    {
        _pipeline = pipeline;
        _sender = new BatchSender(pipeline, bucket);
        _bucket = bucket;
        _options = options;
        _logger = logger;
        _queueDepth = ReductMetrics.WriterQueueDepth.For(bucket);
        _maxSpareObjects = Math.Min(4096, (options.MaxBufferedRecords / options.FlushRecordCount) + options.MaxConcurrentRequests + 1);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Records queued or in flight.</summary>
    public int BufferedRecords => Volatile.Read(ref _bufferedRecords);

    /// <summary>Body bytes queued or in flight.</summary>
    public long BufferedBytes => Interlocked.Read(ref _bufferedBytes);

    /// <summary>No spool here.</summary>
    public SpoolRecovery? SpoolRecovery => null;

    /// <summary>No spool here.</summary>
    public TimeSpan SpoolOldestAge => TimeSpan.Zero;

    /// <summary>A handle for records of an entry whose name, content type and labels were checked, written straight into this stage.</summary>
    public EntryWriter CreateEntry(string entry, string? contentType, IReadOnlyDictionary<string, string>? labels) =>
        new(this, entry, contentType, labels);

    /// <summary>Sends everything queued before this call; returns the failures since the previous flush.</summary>
    public async Task<IReadOnlyList<FailedRecord>> FlushAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, typeof(IngestionWriter));
            if (!IsCompletedBefore(_enqueued))
            {
                _flushRequested = true;
                _flushWaiters.Add((_enqueued, done));
            }
            else
            {
                done.SetResult();
            }
        }

        WakeLoop();
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return TakeFailures();
    }

    /// <summary>Stops intake once, sends what is left and returns the failures not yet taken; later calls wait for the first.</summary>
    public async Task<IReadOnlyList<FailedRecord>> StopAsync(CancellationToken cancellationToken)
    {
        bool first;
        lock (_gate)
        {
            first = !_stopping;
            _stopping = true;
            _flushRequested = true;
            ReleaseSpaceWaiters();
        }

        if (first)
        {
            WakeLoop();
            _abortSending.CancelAfter(_options.DisposeTimeout);
        }

        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abortSending))
        {
            await _loop.ConfigureAwait(false);
        }

        // The deadline's timer is not needed once everything is sent (the source stays: a later call may register on it).
        _abortSending.CancelAfter(Timeout.InfiniteTimeSpan);
        return TakeFailures();
    }

    public ValueTask EnqueueAsync(EntryWriter entry, ReductTimestamp timestamp, ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string>? labels, CancellationToken cancellationToken)
    {
        if (data.Length > _options.MaxBufferedBytes)
        {
            throw new ArgumentException(
                $"The record ({data.Length} bytes) is larger than the writer's buffer ({_options.MaxBufferedBytes} bytes); write it with Bucket.WriteAsync.",
                nameof(data));
        }

        return TryEnqueue(entry, timestamp, data.Span, labels) ? ValueTask.CompletedTask : WaitAndEnqueueAsync(entry, timestamp, data, labels, cancellationToken);
    }

    /// <summary>The entry registry is the writer's; a closed entry's records already queued are still sent.</summary>
    public void Close(EntryWriter entry)
    {
    }

    private async ValueTask WaitAndEnqueueAsync(EntryWriter entry, ReductTimestamp timestamp, ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string>? labels, CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource room = new(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (HasRoom(data.Length))
                {
                    room.SetResult();
                }
                else
                {
                    _spaceWaiters.Add(room);
                }
            }

            await room.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (TryEnqueue(entry, timestamp, data.Span, labels))
            {
                return;
            }
        }
    }

    /// <summary>Adds the record when there is room; false when the caller must wait.</summary>
    private bool TryEnqueue(EntryWriter entry, ReductTimestamp timestamp, ReadOnlySpan<byte> data, IReadOnlyDictionary<string, string>? labels)
    {
        bool wake = false;
        LetOwnThreadsGoFirst();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, typeof(IngestionWriter));
            ObjectDisposedException.ThrowIf(entry.IsClosed, entry);
            if (!HasRoom(data.Length))
            {
                if (_options.WhenFull == IngestionWriterFullMode.Fail)
                {
                    throw new IngestionBufferFullException(
                        $"The writer holds {_bufferedRecords} records ({_bufferedBytes} bytes), its limit; the record of '{entry.Name}' at {timestamp} was not taken.");
                }

                return false;
            }

            EntryChunk? chunk = entry.Chunk;
            if (chunk is null)
            {
                chunk = _spareChunks.Count > 0 ? _spareChunks.Pop() : new EntryChunk(Math.Min(_options.FlushRecordCount, 1024));
                chunk.Start(entry, _enqueued);

                // A steady stream fills its chunks alike: storage for as many bytes as the last one is one pool rental.
                chunk.Records.ExpectBodyBytes(entry.LastChunkBytes);
                entry.Chunk = chunk;
                entry.CollectingSlot = _collecting.Count;
                _collecting.Add(entry);
            }

            if (!chunk.Records.TryAdd(0, timestamp.Microseconds, data, entry.ContentType, labels))
            {
                throw new ArgumentException(
                    $"A record of entry '{entry.Name}' at timestamp {timestamp} is already waiting to be sent in the same request; the second one would be lost.",
                    nameof(timestamp));
            }

            bool loopHasWork = false;
            if (_collecting.Count == 1 && chunk.Records.Count == 1)
            {
                // The first record collected since the last sweep starts the flush interval; the loop sets the timer.
                _collectingSince = Stopwatch.GetTimestamp();
                loopHasWork = true;
            }

            _bufferedBytes += data.Length;
            _bufferedRecords++;
            _enqueued++;

            if (chunk.Records.Count >= _options.FlushRecordCount || chunk.Records.TotalSize >= _options.FlushBytes)
            {
                StopCollecting(entry);
                _ready.Add(NewOutgoing(chunk));
                loopHasWork = true;
            }

            // Only a free send slot needs the loop: busy senders take the next request themselves when they finish,
            // and an entry with a request in flight gets its next one from that request's sender. Checked only when
            // there is work, so that most records cost no look-up.
            wake = loopHasWork && _inFlight.Count < _options.MaxConcurrentRequests && !_entriesInFlight.Contains(entry.Name);
        }

        Interlocked.Increment(ref _queueDepth.Value);
        if (wake)
        {
            WakeLoop();
        }

        return true;
    }

    private bool HasRoom(int length) =>
        _bufferedRecords == 0 || (_bufferedRecords < _options.MaxBufferedRecords && _bufferedBytes + length <= _options.MaxBufferedBytes);

    /// <summary>
    /// True when every record with a sequence number below <paramref name="sequence"/> has been sent and answered:
    /// no request that is in flight, ready or still being collected holds a record from before it.
    /// </summary>
    /// <remarks>
    /// Stops at the first holder of an older record. Ready batches are mostly in the order they were made, so a
    /// flush waiting behind a backlog costs a look or two per completed request rather than a scan of the backlog.
    /// </remarks>
    private bool IsCompletedBefore(long sequence)
    {
        foreach (OutgoingBatch batch in _inFlight)
        {
            if (batch.FirstSequence < sequence)
            {
                return false;
            }
        }

        foreach (OutgoingBatch batch in _ready)
        {
            if (batch.FirstSequence < sequence)
            {
                return false;
            }
        }

        foreach (EntryWriter entry in _collecting)
        {
            if (entry.Chunk!.FirstSequence < sequence)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Moves the oldest ready batch that shares no entry with a batch in flight into flight. A batch passed over
    /// holds back the later batches of its entries too, so that each entry's requests go out in the order they
    /// were made.
    /// </summary>
    private bool TryStartReady([NotNullWhen(true)] out OutgoingBatch? started)
    {
        _passedOver.Clear();
        for (int i = 0; i < _ready.Count; i++)
        {
            OutgoingBatch candidate = _ready[i];
            bool blocked = false;
            foreach (string entry in candidate.Entries)
            {
                if (_entriesInFlight.Contains(entry) || _passedOver.Contains(entry))
                {
                    blocked = true;
                    break;
                }
            }

            if (blocked)
            {
                AddAll(_passedOver, candidate.Entries);
                continue;
            }

            _ready.RemoveAt(i);
            _inFlight.Add(candidate);
            AddAll(_entriesInFlight, candidate.Entries);
            started = candidate;
            return true;
        }

        started = null;
        return false;
    }

    // HashSet.UnionWith takes an IEnumerable: a List's enumerator would be boxed for every batch looked at.
    private static void AddAll(HashSet<string> set, List<string> entries)
    {
        foreach (string entry in entries)
        {
            set.Add(entry);
        }
    }

    private OutgoingBatch NewOutgoing(EntryChunk chunk)
    {
        OutgoingBatch batch = _spareBatches.Count > 0 ? _spareBatches.Pop() : new OutgoingBatch();
        batch.Add(chunk);
        return batch;
    }

    /// <summary>Takes the entry's chunk out of collection (it goes into a request).</summary>
    private void StopCollecting(EntryWriter entry)
    {
        // Swap-remove: the order of collection does not matter, only that every collecting entry is in the list.
        int slot = entry.CollectingSlot;
        EntryWriter last = _collecting[^1];
        _collecting[slot] = last;
        last.CollectingSlot = slot;
        _collecting.RemoveAt(_collecting.Count - 1);
        entry.LastChunkBytes = entry.Chunk!.Records.TotalSize;
        entry.Chunk = null;
        entry.CollectingSlot = -1;
    }

    /// <summary>
    /// Moves the partial chunks of the entries that are free (no request of theirs in flight or waiting) into
    /// requests, as few as the per-request record and byte counts allow; the others keep collecting until their
    /// entry is free, so that a busy entry never holds back the requests of the free ones.
    /// </summary>
    /// <remarks>
    /// Call right after a <see cref="TryStartReady"/> that started nothing: its passed-over set then holds the
    /// entries of every ready batch, which is what "waiting" means here.
    /// </remarks>
    /// <returns>True when a chunk was moved.</returns>
    private bool SweepFreeCollecting()
    {
        OutgoingBatch? current = null;
        int kept = 0;
        bool swept = false;
        for (int i = 0; i < _collecting.Count; i++)
        {
            EntryWriter entry = _collecting[i];
            if (_entriesInFlight.Contains(entry.Name) || _passedOver.Contains(entry.Name))
            {
                entry.CollectingSlot = kept;
                _collecting[kept++] = entry;
                continue;
            }

            EntryChunk chunk = entry.Chunk!;
            entry.LastChunkBytes = chunk.Records.TotalSize;
            entry.Chunk = null;
            entry.CollectingSlot = -1;
            swept = true;
            if (current is not null && (current.Records.Count + chunk.Records.Count > _options.FlushRecordCount
                || current.TotalSize + chunk.Records.TotalSize > _options.FlushBytes))
            {
                _ready.Add(current);
                current = null;
            }

            if (current is null)
            {
                current = NewOutgoing(chunk);
            }
            else
            {
                current.Add(chunk);
            }
        }

        if (current is not null)
        {
            _ready.Add(current);
        }

        _collecting.RemoveRange(kept, _collecting.Count - kept);
        return swept;
    }

    private async Task RunAsync()
    {
        var senders = new List<Task>();
        var toStart = new List<OutgoingBatch>();
        while (true)
        {
            TimeSpan wait = Timeout.InfiniteTimeSpan;
            bool stop = false;

            // Cleared before this pass looks at the state: a change made after that look wakes the loop again.
            Volatile.Write(ref _wakePending, 0);
            Interlocked.Increment(ref _ownThreadsWaiting);
            lock (_gate)
            {
                Interlocked.Decrement(ref _ownThreadsWaiting);

                // Starts a sender per free slot. Partial chunks wait while a ready request can go instead, so
                // that a busy writer sends full requests.
                while (_inFlight.Count < _options.MaxConcurrentRequests)
                {
                    if (!TryStartReady(out OutgoingBatch? batch))
                    {
                        if (_collecting.Count == 0)
                        {
                            break;
                        }

                        TimeSpan age = Stopwatch.GetElapsedTime(_collectingSince);
                        if (!_flushRequested && !_stopping && age < _options.FlushInterval)
                        {
                            wait = _options.FlushInterval - age;
                            break;
                        }

                        // Entries still busy are left collecting: a finishing sender wakes the loop for them.
                        if (!SweepFreeCollecting() || !TryStartReady(out batch))
                        {
                            break;
                        }
                    }

                    toStart.Add(batch);
                }

                if (_ready.Count == 0 && _collecting.Count == 0)
                {
                    _flushRequested = false;
                    stop = _stopping && _inFlight.Count == 0;
                }
            }

            if (stop)
            {
                await Task.WhenAll(senders).ConfigureAwait(false);
                return;
            }

            if (toStart.Count == 0)
            {
                // Woken by a first collected record, a full chunk, a flush request or a sender that ran out of work.
                await _wake.WaitAsync(wait).ConfigureAwait(false);
                continue;
            }

            senders.RemoveAll(t => t.IsCompleted);
            foreach (OutgoingBatch batch in toStart)
            {
                senders.Add(SendLoopAsync(batch));
            }

            toStart.Clear();
        }
    }

    /// <summary>
    /// One send slot: sends a request's worth of records, then the next ready one, until none is ready. A backlog
    /// thus flows without a round trip through the loop per request.
    /// </summary>
    private async Task SendLoopAsync(OutgoingBatch batch)
    {
        OutgoingBatch? next = batch;
        while (next is not null)
        {
            batch = next;

            // The call returns once the request waits for its answer: the request that must follow it is built meanwhile.
            Task sending = SendAsync(batch);
            PrepareFollowing(batch);
            await sending.ConfigureAwait(false);
            Interlocked.Increment(ref _ownThreadsWaiting);
            lock (_gate)
            {
                Interlocked.Decrement(ref _ownThreadsWaiting);

                // The slot stays taken while it has a next batch: one leaves the in-flight list, the next enters it.
                Complete(batch);
                TryStartReady(out next);
            }
        }

        // The loop decides what comes next: a sweep of partial chunks, a flush, the end.
        WakeLoop();
    }

    /// <summary>
    /// Builds the request of the batch that <paramref name="sent"/>'s slot starts next, while sent's request is on the
    /// wire and the server, not this client, is busy. Only done when that batch is certain: the oldest ready one, held
    /// back by sent's entry alone (it cannot start before sent is answered, and then this slot takes it). A batch that
    /// nothing holds back could be started by another slot meanwhile, and one that another slot holds back may not come next.
    /// </summary>
    private void PrepareFollowing(OutgoingBatch sent)
    {
        if (sent.Entries.Count != 1)
        {
            return;
        }

        OutgoingBatch? following = null;
        Interlocked.Increment(ref _ownThreadsWaiting);
        lock (_gate)
        {
            Interlocked.Decrement(ref _ownThreadsWaiting);
            _passedOver.Clear();
            foreach (OutgoingBatch candidate in _ready)
            {
                bool heldBySent = false;
                bool heldByOthers = false;
                foreach (string entry in candidate.Entries)
                {
                    if (_passedOver.Contains(entry) || (_entriesInFlight.Contains(entry) && entry != sent.Entries[0]))
                    {
                        heldByOthers = true;
                        break;
                    }

                    heldBySent |= entry == sent.Entries[0];
                }

                if (heldByOthers)
                {
                    AddAll(_passedOver, candidate.Entries);
                    continue;
                }

                following = heldBySent && candidate.Prepared is null ? candidate : null;
                break;
            }
        }

        if (following is null)
        {
            return;
        }

        try
        {
            // Outside the lock: no other thread touches a batch that waits for this slot's request.
            following.Prepared = _sender.Prepare(following.Entries, following.Records, following.InSendOrder);
        }
        catch (Exception ex)
        {
            // Only work done early: the batch is then built when it is sent, where a failure is reported per record.
            Log.WriterPrepareFailed(_logger, _bucket, ex);
        }
    }

    private async Task SendAsync(OutgoingBatch batch)
    {
        Dictionary<RecordKey, ReductException> failures;
        PreparedBatchRequest? prepared = batch.Prepared;
        batch.Prepared = null;
        try
        {
            // Records of entries the server cannot take (a '/' in the name before API 1.19) fail unsent; the
            // others go out. Filtering keeps their order. Complete releases the buffer space of the refused ones.
            (IReadOnlyList<PendingRecord> sendable, Dictionary<RecordKey, ReductException>? refused) = await HierarchicalEntryCheck
                .SplitAsync(_pipeline, batch.Entries, batch.Records, _abortSending.Token).ConfigureAwait(false);
            failures = await _sender.SendAsync(batch.Entries, sendable, batch.InSendOrder, _abortSending.Token, failOnCancellation: true,
                requestCompleted: records => Release(batch, records), prepared: prepared).ConfigureAwait(false);
            if (refused is not null)
            {
                ReductMetrics.RecordsFailed(_bucket, refused.Count, ReductException.NotSupportedByServer);
                foreach (KeyValuePair<RecordKey, ReductException> refusal in refused)
                {
                    failures[refusal.Key] = refusal.Value;
                }
            }
        }
        catch (Exception ex)
        {
            // Disposing twice does no harm: the sender disposes it once it was handed over.
            prepared?.Dispose();

            // Anything the sender could not map per record (an unsupported server, a bug) still fails every
            // record of the batch: none is dropped silently.
            ReductException error = ex as ReductException ?? new ReductException(ReductException.ConnectionFailed, ex.Message, ex);
            failures = [];
            foreach (PendingRecord record in batch.Records)
            {
                failures[new RecordKey(batch.Entries[record.EntryIndex], record.Timestamp)] = error;
            }
        }

        await ReportAsync(failures).ConfigureAwait(false);
    }

    /// <summary>Settles a sent batch: the rest of its buffer space, flush waiters, producers waiting for room.</summary>
    private void Complete(OutgoingBatch batch)
    {
        // What the per-request releases did not cover: requests cut off by the dispose deadline.
        ReleaseLocked(batch, batch.Records.Count - batch.ReleasedRecords, batch.TotalSize - batch.ReleasedBytes);
        _inFlight.Remove(batch);
        foreach (string entry in batch.Entries)
        {
            _entriesInFlight.Remove(entry);
        }

        Recycle(batch);

        // Flushes wait in the order of their sequence numbers: while the oldest is not done, no later one is.
        while (_flushWaiters.Count > 0 && IsCompletedBefore(_flushWaiters[0].Sequence))
        {
            _flushWaiters[0].Done.TrySetResult();
            _flushWaiters.RemoveAt(0);
        }

        ReleaseSpaceWaitersWhenDrained();
    }

    /// <summary>
    /// Gives the body storage of a sent batch back to the pool, so that a burst does not hold its peak for the
    /// writer's lifetime, and keeps its bookkeeping objects for reuse.
    /// </summary>
    private void Recycle(OutgoingBatch batch)
    {
        foreach (EntryChunk chunk in batch.Chunks)
        {
            chunk.Reset();
            if (_spareChunks.Count < _maxSpareObjects)
            {
                _spareChunks.Push(chunk);
            }
        }

        batch.Reset();
        if (_spareBatches.Count < _maxSpareObjects)
        {
            _spareBatches.Push(batch);
        }
    }

    /// <summary>Frees the buffer space of one answered request, so producers can go on while the batch continues.</summary>
    private void Release(OutgoingBatch batch, ArraySegment<PendingRecord> records)
    {
        long bytes = 0;
        foreach (PendingRecord record in records)
        {
            bytes += record.Length;
        }

        Interlocked.Increment(ref _ownThreadsWaiting);
        lock (_gate)
        {
            Interlocked.Decrement(ref _ownThreadsWaiting);
            ReleaseLocked(batch, records.Count, bytes);
            ReleaseSpaceWaitersWhenDrained();
        }
    }

    private void ReleaseLocked(OutgoingBatch batch, int records, long bytes)
    {
        _bufferedRecords -= records;
        _bufferedBytes -= bytes;
        batch.ReleasedRecords += records;
        batch.ReleasedBytes += bytes;
        Interlocked.Add(ref _queueDepth.Value, -records);
    }

    private async Task ReportAsync(Dictionary<RecordKey, ReductException> failures)
    {
        if (failures.Count == 0)
        {
            return;
        }

        var records = new List<FailedRecord>(failures.Count);
        foreach (KeyValuePair<RecordKey, ReductException> failure in failures)
        {
            records.Add(new FailedRecord(failure.Key.Entry, failure.Key.Timestamp, failure.Value));
        }

        lock (_gate)
        {
            _failuresSinceFlush.AddRange(records);
        }

        if (_options.OnFailure is { } handler)
        {
            foreach (FailedRecord record in records)
            {
                try
                {
                    await handler(record).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // A throwing handler must not stop the writer; the failure still reaches FlushAsync.
                    _logger.LogWarning(ex, "The ingestion writer's failure handler threw for {Entry} @ {Timestamp}", record.Entry, record.Timestamp);
                }
            }
        }
    }

    private List<FailedRecord> TakeFailures()
    {
        lock (_gate)
        {
            List<FailedRecord> failures = [.. _failuresSinceFlush];
            _failuresSinceFlush.Clear();
            return failures;
        }
    }

    /// <summary>
    /// Holds a producer back while the loop or a sender waits for the lock. A producer writing flat out takes the lock
    /// for every record and, being on a core already, takes it back before a waiting thread has woken up (the lock
    /// lets a running thread go first for up to 100 ms): no request would start, and no answered one would free its
    /// space, until the burst ends. Those threads take the lock a few times per request, so producers rarely wait.
    /// </summary>
    private void LetOwnThreadsGoFirst()
    {
        if (Volatile.Read(ref _ownThreadsWaiting) == 0)
        {
            return;
        }

        var spinner = new SpinWait();
        while (Volatile.Read(ref _ownThreadsWaiting) != 0)
        {
            // Yields the core now and then (the thread waited for may need it), but never sleeps a whole millisecond.
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>
    /// Wakes the loop once however many times it is called before the loop's next pass: each pass looks at the whole
    /// state, so a wake-up per event would only make the loop repeat passes that find nothing new, each one a scan of
    /// the ready batches under the producers' lock. That happens when the loop is slow to get a thread, such as on a
    /// busy machine while a producer fills one request after another.
    /// </summary>
    private void WakeLoop()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>
    /// Wakes the producers waiting for room once the buffer has drained to three quarters of its limits (or is
    /// empty, for a record larger than a quarter of it): waking them for every answered request would cost a
    /// thread switch per request while the buffer stays full.
    /// </summary>
    private void ReleaseSpaceWaitersWhenDrained()
    {
        if (_spaceWaiters.Count == 0)
        {
            return;
        }

        bool drained = _bufferedRecords == 0
            || (_bufferedRecords <= _options.MaxBufferedRecords - (_options.MaxBufferedRecords / 4)
                && _bufferedBytes <= _options.MaxBufferedBytes - (_options.MaxBufferedBytes / 4));
        if (drained)
        {
            ReleaseSpaceWaiters();
        }
    }

    private void ReleaseSpaceWaiters()
    {
        foreach (TaskCompletionSource waiter in _spaceWaiters)
        {
            waiter.TrySetResult();
        }

        _spaceWaiters.Clear();
    }
}
