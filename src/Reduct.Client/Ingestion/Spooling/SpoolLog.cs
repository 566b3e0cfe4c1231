using System.Buffers;

namespace Reduct.Client.Ingestion.Spooling;

/// <summary>
/// The records a writer accepted and the server has not yet stored, kept in segment files in one directory
/// (<see cref="SpoolOptions"/>): appended in acceptance order, acknowledged once stored or reported failed, and removed
/// a segment at a time when each of a sealed segment's records is acknowledged. Opening the directory takes its lock
/// file and recovers what an earlier run left, cutting torn tails.
/// </summary>
/// <remarks>Thread-safe: producers append while senders acknowledge.</remarks>
internal sealed class SpoolLog : IDisposable
{
    private const string LockFileName = "spool.lock";

    private readonly object _sync = new();
    private readonly SpoolOptions _options;
    private readonly TimeProvider _time;
    private readonly FileStream _lock;
    private readonly SortedDictionary<long, SpoolSegment> _segments = [];
    private readonly ITimer? _syncTimer;
    private SpoolSegment? _open;
    private long _bytes;
    private long _pending;
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    private SpoolLog(SpoolOptions options, TimeProvider time, FileStream lockFile)
    {
        _options = options;
        _time = time;
        _lock = lockFile;
        if (options.Durability == SpoolDurability.SyncInterval)
        {
            _syncTimer = time.CreateTimer(_ => SyncOpenSegment(), null, options.SyncInterval, options.SyncInterval);
        }
    }

    /// <summary>What opening found; the recovered records are in <see cref="TakeRecovered"/>.</summary>
    public SpoolRecovery Recovery { get; private set; } = new(0, 0, 0, 0, 0);

    /// <summary>Bytes in the spool's segment files.</summary>
    public long Bytes
    {
        get
        {
            lock (_sync)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Records accepted (or recovered) and not yet acknowledged.</summary>
    public long PendingRecords
    {
        get
        {
            lock (_sync)
            {
                return _pending;
            }
        }
    }

    /// <summary>Called with the records of a segment removed to make room (<see cref="SpoolFullMode.DropOldest"/>); they are not stored.</summary>
    public Action<IReadOnlyList<SpooledRecord>>? Dropped { get; set; }

    /// <summary>Opens a spool directory, creating it when missing, and recovers what it holds.</summary>
    /// <exception cref="InvalidOperationException">Another writer, in this process or another, has the directory open.</exception>
    public static SpoolLog Open(SpoolOptions options, TimeProvider? time = null)
    {
        options.Validated(nameof(options));
        Directory.CreateDirectory(options.Directory);
        string lockPath = Path.Combine(options.Directory, LockFileName);
        FileStream lockFile;
        try
        {
            // The operating system releases the lock when the process ends, however it ends.
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The spool directory '{options.Directory}' is in use by another writer (its lock file '{lockPath}' is held). One writer at a time may use a spool directory.", ex);
        }

        var log = new SpoolLog(options, time ?? TimeProvider.System, lockFile);
        try
        {
            log.RecoverSegments();
        }
        catch
        {
            log.Dispose();
            throw;
        }

        return log;
    }

    /// <summary>
    /// The records earlier runs left, segment by segment in acceptance order, each with its position for the
    /// acknowledgement (the segment's, with the record's index in the list). Read from the files as they are asked for,
    /// so a large spool is not held in memory at once.
    /// </summary>
    public IEnumerable<(SpoolPosition Position, List<SpooledRecord> Records)> TakeRecovered()
    {
        SpoolSegment[] recovered;
        lock (_sync)
        {
            recovered = [.. _segments.Values.Where(s => s != _open)];
        }

        foreach (SpoolSegment segment in recovered)
        {
            List<SpooledRecord> records;
            lock (_sync)
            {
                if (!_segments.ContainsKey(segment.Id))
                {
                    continue;
                }

                records = segment.ReadRecords();
            }

            yield return (new SpoolPosition(segment.Id, 0), records);
        }
    }

    /// <summary>Appends a record; returns once it is as durable as <see cref="SpoolOptions.Durability"/> says.</summary>
    /// <exception cref="IngestionBufferFullException">The spool is full and <see cref="SpoolOptions.WhenFull"/> is <see cref="SpoolFullMode.Fail"/>.</exception>
    public async ValueTask<SpoolPosition> AppendAsync(SpooledRecord record, CancellationToken cancellationToken = default)
    {
        int frameLength = SpoolRecordCodec.MeasureFrame(record);
        if (frameLength + SpoolSegment.HeaderSize > _options.MaxBytes / 2)
        {
            throw new ArgumentException($"A record of {frameLength} spooled bytes does not fit a spool of {_options.MaxBytes} bytes (at most half of it per record).", nameof(record));
        }

        byte[] frame = ArrayPool<byte>.Shared.Rent(frameLength);
        try
        {
            SpoolRecordCodec.WriteFrame(record, frame.AsSpan(0, frameLength));
            while (true)
            {
                Task room;
                SpoolPosition? position = null;
                List<SpooledRecord>? dropped = null;
                lock (_sync)
                {
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    while (_bytes + BytesNeeded(frameLength) > _options.MaxBytes && _options.WhenFull == SpoolFullMode.DropOldest
                        && DropOldestSegment() is { } lost)
                    {
                        (dropped ??= []).AddRange(lost);
                    }

                    if (_bytes + BytesNeeded(frameLength) <= _options.MaxBytes)
                    {
                        position = AppendLocked(frame.AsSpan(0, frameLength));
                    }
                    else if (_options.WhenFull == SpoolFullMode.Fail)
                    {
                        throw new IngestionBufferFullException(
                            $"The spool at '{_options.Directory}' holds {_bytes} of its {_options.MaxBytes} bytes; the record was not taken.");
                    }

                    room = _room.Task;
                }

                if (dropped is not null)
                {
                    Dropped?.Invoke(dropped);
                }

                if (position is { } appended)
                {
                    return appended;
                }

                await room.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>Counts a record as stored or reported failed; removes its segment once each of its records is.</summary>
    public void Acknowledge(SpoolPosition position)
    {
        lock (_sync)
        {
            if (!_segments.TryGetValue(position.Segment, out SpoolSegment? segment))
            {
                // Dropped to make room: its records were reported failed already.
                return;
            }

            if (!segment.Acknowledge(position.Index))
            {
                return;
            }

            _pending--;
            if (segment.IsDone)
            {
                RemoveLocked(segment);
            }
        }
    }

    /// <summary>How long the oldest record not yet acknowledged has waited (by its segment's creation), or zero.</summary>
    public TimeSpan OldestAge()
    {
        lock (_sync)
        {
            foreach (SpoolSegment segment in _segments.Values)
            {
                if (segment.Acknowledged < segment.Records)
                {
                    TimeSpan age = _time.GetUtcNow() - segment.Created;
                    return age > TimeSpan.Zero ? age : TimeSpan.Zero;
                }
            }

            return TimeSpan.Zero;
        }
    }

    /// <summary>Seals the open segment (synced), releases the lock; segments with records not yet stored stay for the next run.</summary>
    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _syncTimer?.Dispose();
            if (_open is { } open)
            {
                open.Seal(sync: _options.Durability != SpoolDurability.OperatingSystem);
                _open = null;
                if (open.IsDone)
                {
                    RemoveLocked(open);
                }
            }

            _room.TrySetException(new ObjectDisposedException(nameof(SpoolLog)));
        }

        _lock.Dispose();
    }

    private void RecoverSegments()
    {
        long cutBytes = 0;
        int cutRecords = 0;
        foreach (string path in Directory.EnumerateFiles(_options.Directory))
        {
            if (SpoolSegment.IdOf(Path.GetFileName(path)) is not { } id)
            {
                continue;
            }

            SpoolSegment? segment = SpoolSegment.Recover(path, id, out long bytes, out int frames);
            cutBytes += bytes;
            cutRecords += frames;
            if (segment is null)
            {
                continue;
            }

            if (segment.Records == 0)
            {
                segment.Delete();
                continue;
            }

            _segments.Add(id, segment);
            _bytes += segment.Length;
            _pending += segment.Records;
        }

        Recovery = new SpoolRecovery(_segments.Count, _pending, _bytes, cutBytes, cutRecords);
    }

    // A frame that does not fit the open segment begins a new one, whose header counts too.
    private long BytesNeeded(int frameLength) =>
        _open is { } current && (current.Length + frameLength <= _options.SegmentBytes || current.Records == 0)
            ? frameLength
            : frameLength + SpoolSegment.HeaderSize;

    private SpoolPosition AppendLocked(ReadOnlySpan<byte> frame)
    {
        if (_open is { } current && current.Length + frame.Length > _options.SegmentBytes && current.Records > 0)
        {
            current.Seal(sync: _options.Durability != SpoolDurability.OperatingSystem);
            _open = null;
            if (current.IsDone)
            {
                RemoveLocked(current);
            }
        }

        if (_open is null)
        {
            long id = _segments.Count == 0 ? 1 : _segments.Keys.Max() + 1;
            _open = SpoolSegment.Create(_options.Directory, id, _time.GetUtcNow());
            _segments.Add(id, _open);
            _bytes += SpoolSegment.HeaderSize;
        }

        int index = _open.Append(frame, sync: false);
        _bytes += frame.Length;
        _pending++;
        return new SpoolPosition(_open.Id, index);
    }

    // Removes the oldest sealed segment, whatever it still holds, and returns the records it had not had acknowledged.
    private List<SpooledRecord>? DropOldestSegment()
    {
        SpoolSegment? oldest = _segments.Values.FirstOrDefault(s => s.IsSealed);
        if (oldest is null)
        {
            return null;
        }

        List<SpooledRecord> records = oldest.ReadRecords();
        var lost = new List<SpooledRecord>(records.Count - oldest.Acknowledged);
        for (int i = 0; i < records.Count; i++)
        {
            if (!oldest.IsAcknowledged(i))
            {
                lost.Add(records[i]);
            }
        }

        _pending -= lost.Count;
        RemoveLocked(oldest);
        return lost;
    }

    private void RemoveLocked(SpoolSegment segment)
    {
        _segments.Remove(segment.Id);
        _bytes -= segment.Length;
        segment.Delete();
        TaskCompletionSource room = _room;
        _room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        room.TrySetResult();
    }

    private void SyncOpenSegment()
    {
        lock (_sync)
        {
            if (!_disposed)
            {
                _open?.Sync();
            }
        }
    }
}
