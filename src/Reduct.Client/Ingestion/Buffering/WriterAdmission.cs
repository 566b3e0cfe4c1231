using System.Runtime.CompilerServices;
using Reduct.Client.Diagnostics;

namespace Reduct.Client.Ingestion.Buffering;

/// <summary>
/// Admission and backpressure of the in-memory writer: the records and body bytes it holds, counted against
/// <see cref="IngestionWriterOptions.MaxBufferedRecords"/> and <see cref="IngestionWriterOptions.MaxBufferedBytes"/>,
/// the producers waiting for room (or the failure of a writer that fails fast), and the queue-depth metric.
/// </summary>
/// <remarks>
/// Producers take room once per record and senders give it back once per request, so the counts are kept without a
/// lock: a producer writing flat out would otherwise hold a lock the senders need to give room back (a running thread
/// may keep a contended lock for many milliseconds). Only waiting producers take the lock of the waiter list.
/// </remarks>
internal sealed class WriterAdmission
{
    private readonly int _maxRecords;
    private readonly long _maxBytes;
    private readonly bool _failWhenFull;
    private readonly StrongBox<long> _queueDepth;
    private readonly object _waitersLock = new();
    private readonly List<TaskCompletionSource> _waiters = [];
    private long _bytes;
    private int _records;
    private int _waiterCount;
    private volatile bool _closed;

    public WriterAdmission(IngestionWriterOptions options, string bucket)
    {
        _maxRecords = options.MaxBufferedRecords;
        _maxBytes = options.MaxBufferedBytes;
        _failWhenFull = options.WhenFull == IngestionWriterFullMode.Fail;
        _queueDepth = ReductMetrics.WriterQueueDepth.For(bucket);
    }

    /// <summary>Records taken in and not yet given back.</summary>
    public int Records => Volatile.Read(ref _records);

    /// <summary>Body bytes taken in and not yet given back.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>
    /// Takes room for a record of <paramref name="length"/> bytes: true when taken, false when the caller must wait
    /// (<see cref="WaitForRoomAsync"/>) and try again. A record always fits into an empty buffer.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The writer is stopping.</exception>
    /// <exception cref="IngestionBufferFullException">There is no room and the writer fails fast.</exception>
    public bool TryTake(string entry, ReductTimestamp timestamp, int length)
    {
        ObjectDisposedException.ThrowIf(_closed, typeof(IngestionWriter));
        int records = Interlocked.Increment(ref _records);
        long bytes = Interlocked.Add(ref _bytes, length);
        if (records == 1 || (records <= _maxRecords && bytes <= _maxBytes))
        {
            Interlocked.Increment(ref _queueDepth.Value);
            return true;
        }

        Return(1, length);
        if (_failWhenFull)
        {
            throw new IngestionBufferFullException(
                $"The writer holds {Records} records ({Bytes} bytes), its limit; the record of '{entry}' at {timestamp} was not taken.");
        }

        return false;
    }

    /// <summary>Completes when a record of <paramref name="length"/> bytes may fit, or when the writer stops.</summary>
    public Task WaitForRoomAsync(int length, CancellationToken cancellationToken)
    {
        TaskCompletionSource room = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersLock)
        {
            _waiters.Add(room);

            // Counted before the counts are read again; a sender gives room back before it reads this count, so one of
            // the two sees the other and no wake-up is lost.
            Interlocked.Increment(ref _waiterCount);
            if (_closed || HasRoomFor(length))
            {
                ReleaseWaitersLocked();
            }
        }

        return room.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Gives back the room of records that are stored, failed, or were never collected.</summary>
    public void Release(int records, long bytes)
    {
        if (records == 0 && bytes == 0)
        {
            return;
        }

        Interlocked.Add(ref _queueDepth.Value, -records);
        Return(records, bytes);
        if (Volatile.Read(ref _waiterCount) == 0)
        {
            return;
        }

        lock (_waitersLock)
        {
            if (IsDrained())
            {
                ReleaseWaitersLocked();
            }
        }
    }

    /// <summary>Refuses every later record and wakes the producers that wait (they then meet the refusal).</summary>
    public void Close()
    {
        lock (_waitersLock)
        {
            _closed = true;
            ReleaseWaitersLocked();
        }
    }

    private void Return(int records, long bytes)
    {
        Interlocked.Add(ref _bytes, -bytes);
        Interlocked.Add(ref _records, -records);
    }

    private bool HasRoomFor(int length)
    {
        int records = Records;
        return records == 0 || (records < _maxRecords && Bytes + length <= _maxBytes);
    }

    /// <summary>
    /// Waiting producers are woken once the buffer has drained to three quarters of its limits (or is empty, for a
    /// record larger than a quarter of it): waking them for every answered request would cost a thread switch per
    /// request while the buffer stays full.
    /// </summary>
    private bool IsDrained()
    {
        int records = Records;
        return records == 0 || (records <= _maxRecords - (_maxRecords / 4) && Bytes <= _maxBytes - (_maxBytes / 4));
    }

    private void ReleaseWaitersLocked()
    {
        foreach (TaskCompletionSource waiter in _waiters)
        {
            waiter.TrySetResult();
        }

        _waiters.Clear();
        Volatile.Write(ref _waiterCount, 0);
    }
}
