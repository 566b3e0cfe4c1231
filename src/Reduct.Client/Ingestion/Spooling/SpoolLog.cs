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

    // How much of a segment one read takes into memory at a time.
    private const int ReadPieceBytes = 1024 * 1024;

    private readonly object _sync = new();
    private readonly SpoolOptions _options;
    private readonly TimeProvider _time;
    private readonly FileStream _lock;
    private readonly SortedDictionary<long, SpoolSegment> _segments = [];
    private readonly ITimer? _syncTimer;

    // The reader's: the spool has one reader, the forwarder's loop.
    private readonly SpoolStringCache _readerStrings = new();
    private SpoolSegment? _open;
    private long _bytes;
    private long _pending;
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // True once the reader waits on _appended: the next append completes it and makes a new one.
    private bool _readerWaits;

    // The segment the reader is in: segments up to it hold records being sent, so a full spool drops later ones.
    private long _readSegment;
    private long _lastRecoveredSegment;
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

    /// <summary>What opening found; the recovered records are read first, from <see cref="Start"/>.</summary>
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
                        position = AppendLocked(frame, frameLength);
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

    /// <summary>The cursor of the first record in the spool: earlier runs' records first, in acceptance order.</summary>
    public SpoolCursor Start
    {
        get
        {
            lock (_sync)
            {
                long first = _segments.Count > 0 ? _segments.Keys.Min() : 1;
                return new SpoolCursor(first, SpoolSegment.HeaderSize, 0);
            }
        }
    }

    /// <summary>The cursor just after the last record accepted (or recovered): a flush waits until the reader passes it.</summary>
    public SpoolCursor End
    {
        get
        {
            lock (_sync)
            {
                if (_segments.Count == 0)
                {
                    return new SpoolCursor(0, 0, 0);
                }

                SpoolSegment last = _segments[_segments.Keys.Max()];
                return new SpoolCursor(last.Id, last.Length, last.Records);
            }
        }
    }

    /// <summary>True for a record an earlier run accepted: it may have been stored already.</summary>
    public bool IsRecovered(SpoolPosition position) => position.Segment <= Volatile.Read(ref _lastRecoveredSegment);

    /// <summary>
    /// Reads up to <paramref name="maxRecords"/> records (and about <paramref name="maxBytes"/> bytes) of one segment
    /// from <paramref name="cursor"/> on, in acceptance order, and moves the cursor past them; an empty list when the
    /// reader has caught up with the writers.
    /// </summary>
    public List<(SpoolPosition Position, SpooledRecord Record)> Read(ref SpoolCursor cursor, int maxRecords, long maxBytes)
    {
        List<(SpoolPosition, SpooledRecord)> read = [];
        while (read.Count < maxRecords)
        {
            SpoolSegment? segment;
            long end;
            lock (_sync)
            {
                // A segment that is gone (all of it acknowledged, or dropped) is skipped.
                segment = FirstSegmentFrom(cursor.Segment);
                if (segment is null)
                {
                    break;
                }

                if (segment.Id != cursor.Segment)
                {
                    cursor = new SpoolCursor(segment.Id, SpoolSegment.HeaderSize, 0);
                }

                _readSegment = segment.Id;
                end = segment.Length;
                if (cursor.Offset >= end)
                {
                    if (!segment.IsSealed)
                    {
                        break;
                    }

                    cursor = new SpoolCursor(segment.Id + 1, SpoolSegment.HeaderSize, 0);
                    continue;
                }
            }

            // Outside the lock: the frames up to 'end' are complete and the segment is not removed while unread. Read a
            // piece at a time into one pooled buffer (a window is a small part of a segment), grown only for a frame
            // larger than it.
            byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(end - cursor.Offset, ReadPieceBytes));

            // Room for as many records as the bytes to read can hold, up to the window: a list grown to 20,000 records
            // would be copied a dozen times.
            read.Capacity = (int)Math.Min(Math.Min(maxRecords, 1 << 16), Math.Min(maxBytes, end - cursor.Offset) / SpoolRecordCodec.MinimumFrameSize);
            try
            {
                long taken = 0;
                while (cursor.Offset < end && read.Count < maxRecords && taken < maxBytes)
                {
                    int length = (int)Math.Min(end - cursor.Offset, buffer.Length);
                    segment.ReadRange(cursor.Offset, buffer.AsSpan(0, length));
                    int offset = 0;
                    while (offset < length && read.Count < maxRecords && taken < maxBytes)
                    {
                        SpoolRecordCodec.FrameStatus status = SpoolRecordCodec.TryReadFrame(buffer.AsSpan(offset, length - offset), 0, out int frameLength);
                        if (status == SpoolRecordCodec.FrameStatus.Corrupt)
                        {
                            // Frames before 'end' were checked when the spool was opened or written by this process.
                            throw new InvalidDataException(
                                $"The spool segment '{segment.Path}' is damaged at offset {cursor.Offset}: a record written by this process no longer passes its checksum.");
                        }

                        if (status != SpoolRecordCodec.FrameStatus.Complete)
                        {
                            // The piece ended inside a frame: the next piece starts with it.
                            break;
                        }

                        read.Add((new SpoolPosition(segment.Id, cursor.Index), SpoolRecordCodec.ReadRecord(buffer.AsSpan(offset, frameLength), _readerStrings)));
                        cursor = cursor with { Offset = cursor.Offset + frameLength, Index = cursor.Index + 1 };
                        offset += frameLength;
                        taken += frameLength;
                    }

                    if (offset == 0)
                    {
                        // A frame larger than the buffer: take one that holds it whole.
                        int needed = SpoolRecordCodec.FrameLengthOf(buffer);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(needed);
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            // One segment per read at most: the reader's segment is the only one a full spool may not drop.
            break;
        }

        return read;
    }

    /// <summary>Completes when a record is appended after <paramref name="cursor"/> (at once if one is there).</summary>
    public Task WaitForRecordsAsync(SpoolCursor cursor, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            SpoolSegment? segment = FirstSegmentFrom(cursor.Segment);
            bool ready = segment is not null && (segment.Id != cursor.Segment || cursor.Offset < segment.Length || segment.IsSealed);
            if (ready)
            {
                return Task.CompletedTask;
            }

            _readerWaits = true;
            return _appended.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Counts a record as stored or reported failed; removes its segment once each of its records is.</summary>
    public void Acknowledge(SpoolPosition position) => Acknowledge([position]);

    /// <summary>
    /// Counts records as stored or reported failed, under one hold of the lock that producers take for each append;
    /// removes each segment once each of its records is.
    /// </summary>
    public void Acknowledge(IReadOnlyList<SpoolPosition> positions)
    {
        lock (_sync)
        {
            SpoolSegment? segment = null;
            foreach (SpoolPosition position in positions)
            {
                // Consecutive positions are mostly in one segment: looked up when it changes.
                if (segment?.Id != position.Segment && !_segments.TryGetValue(position.Segment, out segment))
                {
                    // Dropped to make room (its records were reported failed already), or removed once done.
                    continue;
                }

                if (!segment.Acknowledge(position.Index))
                {
                    continue;
                }

                _pending--;
                if (segment.IsDone)
                {
                    RemoveLocked(segment);
                    segment = null;
                }
            }
        }
    }

    /// <summary>How long the oldest record not yet acknowledged has waited (to a block of 64 records), or zero.</summary>
    public TimeSpan OldestAge()
    {
        lock (_sync)
        {
            foreach (SpoolSegment segment in _segments.Values)
            {
                if (segment.OldestWaitingAccepted() is { } accepted)
                {
                    TimeSpan age = _time.GetUtcNow() - accepted;
                    return age > TimeSpan.Zero ? age : TimeSpan.Zero;
                }
            }

            return TimeSpan.Zero;
        }
    }

    /// <summary>Records after <paramref name="cursor"/> in its segment and the ones after it: what a reader could take now.</summary>
    public long CountAfter(SpoolCursor cursor)
    {
        lock (_sync)
        {
            long count = 0;
            foreach (SpoolSegment segment in _segments.Values)
            {
                if (segment.Id > cursor.Segment)
                {
                    count += segment.Records;
                }
                else if (segment.Id == cursor.Segment)
                {
                    count += segment.Records - cursor.Index;
                }
            }

            return count;
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
            _appended.TrySetException(new ObjectDisposedException(nameof(SpoolLog)));
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
        _lastRecoveredSegment = _segments.Count > 0 ? _segments.Keys.Max() : 0;
    }

    // A frame that does not fit the open segment begins a new one, whose header counts too.
    private long BytesNeeded(int frameLength) =>
        _open is { } current && (current.Length + frameLength <= _options.SegmentBytes || current.Records == 0)
            ? frameLength
            : frameLength + SpoolSegment.HeaderSize;

    private SpoolPosition AppendLocked(byte[] frame, int length)
    {
        if (_open is { } current && current.Length + length > _options.SegmentBytes && current.Records > 0)
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
            _open = SpoolSegment.Create(_options.Directory, id, _time.GetUtcNow(), Math.Max(_options.SegmentBytes, SpoolSegment.HeaderSize + length));
            _segments.Add(id, _open);
            _bytes += SpoolSegment.HeaderSize;
        }

        int index = _open.Append(frame, length, sync: false, _time.GetUtcNow());
        _bytes += length;
        _pending++;
        if (_readerWaits)
        {
            // A new signal only once the reader took the last one: not an allocation per record.
            _readerWaits = false;
            TaskCompletionSource appended = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            appended.TrySetResult();
        }

        return new SpoolPosition(_open.Id, index);
    }

    // Removes the oldest sealed segment, whatever it still holds, and returns the records it had not had acknowledged.
    private List<SpooledRecord>? DropOldestSegment()
    {
        // Segments up to the reader's hold records being sent: those are not dropped (they may be stored yet).
        SpoolSegment? oldest = _segments.Values.FirstOrDefault(s => s.IsSealed && s.Id > _readSegment);
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

    private SpoolSegment? FirstSegmentFrom(long id)
    {
        foreach (SpoolSegment segment in _segments.Values)
        {
            if (segment.Id >= id)
            {
                return segment;
            }
        }

        return null;
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
