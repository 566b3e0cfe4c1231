using System.Buffers;

namespace Reduct.Client.Protocol;

/// <summary>
/// The records of a batch and a copy of their bodies: the caller may reuse its own buffers as soon as
/// <see cref="TryAdd"/> returns. Bodies are packed into segments that grow by doubling up to
/// <see cref="MaxSegmentSize"/> and never move, so a record's <see cref="PendingRecord.Body"/> stays valid and
/// a large batch costs no copying as it grows; a body larger than a segment gets storage of its own size.
/// </summary>
/// <remarks>
/// Duplicates (two records of one entry at one timestamp) are found without hashing while each entry's
/// records come in ascending time order, which is how producers write; the first record out of order builds
/// the set of keys once and later records are checked against it.
/// </remarks>
internal sealed class RecordBuffer
{
    /// <summary>The largest segment that holds several bodies.</summary>
    public const int MaxSegmentSize = 1024 * 1024;

    private const int FirstSegmentSize = 4096;

    private PendingRecord[] _records;
    private int _count;
    private readonly List<ulong?> _latestByEntry = [];
    private readonly List<byte[]> _segments = [];
    private readonly bool _pooled;
    private HashSet<(int EntryIndex, ulong Timestamp)>? _keys;
    private int _segmentIndex = -1;
    private int _segmentUsed;
    private long _totalSize;
    private bool _ordered = true;
    private long _lastAddTick;
    private DateTimeOffset? _lastAddTime;
    private int _expectedBodyBytes;

    /// <summary>Creates an empty buffer.</summary>
    /// <param name="pooled">
    /// True to rent segments from <see cref="ArrayPool{T}.Shared"/> and give them back on <see cref="Clear"/>:
    /// only for an owner that clears the buffer once nothing reads its records any more. Otherwise segments are
    /// allocated and kept for reuse after <see cref="Clear"/>.
    /// </param>
    /// <param name="capacity">Records to make room for at once.</param>
    public RecordBuffer(bool pooled = false, int capacity = 0)
    {
        _pooled = pooled;
        _records = capacity > 0 ? new PendingRecord[capacity] : [];
    }

    public int Count => _count;

    public long TotalSize => _totalSize;

    /// <summary>
    /// The records in the order they were added: a view of the buffer's own array, so that a batch in send order
    /// goes to its requests without being copied. Valid until the next <see cref="TryAdd"/> or <see cref="Clear"/>.
    /// </summary>
    public ArraySegment<PendingRecord> Records => new(_records, 0, _count);

    /// <summary>
    /// When a record was last added (UTC, to within a few milliseconds); null while the buffer is empty. Adding reads
    /// only the coarse tick count, which costs a fraction of a wall-clock read; the wall-clock time is worked out when
    /// asked for.
    /// </summary>
    public DateTimeOffset? LastAddTime => _count == 0
        ? null
        : _lastAddTime ??= DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(Environment.TickCount64 - _lastAddTick);

    /// <summary>True while the records are in entry-then-time order, the order requests send them in.</summary>
    public bool IsInSendOrder => _ordered;

    /// <summary>
    /// Sizes the first segment for about this many body bytes, until <see cref="Clear"/>: a caller that knows how much
    /// the buffer will hold (the writer, from an entry's previous request) gets one segment instead of a series of
    /// doublings, each a pool rental of its own. Takes effect when the first segment is taken.
    /// </summary>
    public void ExpectBodyBytes(long bytes)
    {
        _expectedBodyBytes = (int)Math.Min(bytes, MaxSegmentSize);
    }

    /// <summary>Adds a record; false when the entry already has a record at that timestamp.</summary>
    public bool TryAdd(int entryIndex, ulong timestamp, ReadOnlySpan<byte> body, string? contentType, IReadOnlyDictionary<string, string>? labels)
    {
        if (!IsNew(entryIndex, timestamp))
        {
            return false;
        }

        ReadOnlyMemory<byte> stored = Store(body);
        if (_count > 0)
        {
            ref PendingRecord last = ref _records[_count - 1];
            _ordered &= last.EntryIndex < entryIndex || (last.EntryIndex == entryIndex && last.Timestamp < timestamp);
        }

        if (_count == _records.Length)
        {
            Array.Resize(ref _records, Math.Max(16, _records.Length * 2));
        }

        _records[_count++] = new PendingRecord(entryIndex, timestamp, stored, contentType, labels);
        while (_latestByEntry.Count <= entryIndex)
        {
            _latestByEntry.Add(null);
        }

        _latestByEntry[entryIndex] = Math.Max(timestamp, _latestByEntry[entryIndex] ?? 0);
        _totalSize += body.Length;
        _lastAddTick = Environment.TickCount64;
        _lastAddTime = null;
        return true;
    }

    /// <summary>
    /// Empties the buffer. Pooled segments go back to the pool; allocated ones are kept for the next records
    /// (so the records handed out before must no longer be in use).
    /// </summary>
    public void Clear()
    {
        // The bodies' memory and the labels are let go of; the array itself is kept for the next records.
        Array.Clear(_records, 0, _count);
        _count = 0;
        _latestByEntry.Clear();
        _keys = null;
        _totalSize = 0;
        _ordered = true;
        _segmentIndex = -1;
        _segmentUsed = 0;
        _expectedBodyBytes = 0;
        if (_pooled)
        {
            foreach (byte[] segment in _segments)
            {
                ArrayPool<byte>.Shared.Return(segment);
            }

            _segments.Clear();
        }
    }

    /// <summary>True when the entry has no record at the timestamp yet (and remembers the key when keys are kept).</summary>
    private bool IsNew(int entryIndex, ulong timestamp)
    {
        if (_keys is null)
        {
            ulong? latest = entryIndex < _latestByEntry.Count ? _latestByEntry[entryIndex] : null;
            if (latest is null || timestamp > latest.Value)
            {
                // Later than every record of the entry: cannot be a duplicate.
                return true;
            }

            _keys = new HashSet<(int, ulong)>(_count + 1);
            foreach (PendingRecord record in Records)
            {
                _keys.Add((record.EntryIndex, record.Timestamp));
            }
        }

        return _keys.Add((entryIndex, timestamp));
    }

    /// <summary>Copies a body into the current segment, or into a new one when it does not fit.</summary>
    private ReadOnlyMemory<byte> Store(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (_segmentIndex < 0 || _segments[_segmentIndex].Length - _segmentUsed < body.Length)
        {
            NextSegment(body.Length);
        }

        byte[] segment = _segments[_segmentIndex];
        body.CopyTo(segment.AsSpan(_segmentUsed));
        var stored = new ReadOnlyMemory<byte>(segment, _segmentUsed, body.Length);
        _segmentUsed += body.Length;
        return stored;
    }

    private void NextSegment(int needed)
    {
        _segmentIndex++;
        _segmentUsed = 0;
        if (_segmentIndex < _segments.Count)
        {
            if (_segments[_segmentIndex].Length >= needed)
            {
                return;
            }

            // A kept segment too small for this body: put a fitting one in its place.
            _segments.RemoveAt(_segmentIndex);
        }

        int size;
        if (_segmentIndex == 0 && _expectedBodyBytes > 0)
        {
            size = Math.Max(needed, _expectedBodyBytes);
        }
        else
        {
            // What overflows an expected size is usually little: growth then starts again from the smallest segment.
            bool afterExpected = _segmentIndex == 1 && _expectedBodyBytes > 0;
            int previous = _segmentIndex > 0 && !afterExpected ? _segments[_segmentIndex - 1].Length : FirstSegmentSize / 2;
            size = Math.Max(needed, Math.Min(MaxSegmentSize, previous * 2));
        }

        byte[] segment = _pooled ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];
        _segments.Insert(_segmentIndex, segment);
    }
}
