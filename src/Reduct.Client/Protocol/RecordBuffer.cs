namespace Reduct.Client.Protocol;

/// <summary>
/// The records of a batch and a copy of their bodies in one growing buffer: the caller may reuse its own
/// buffers as soon as <c>Add</c> returns, and the batch allocates per doubling, not per record.
/// </summary>
internal sealed class RecordBuffer
{
    private readonly List<PendingRecord> _records = [];
    private readonly HashSet<(int EntryIndex, ulong Timestamp)> _keys = [];
    private byte[] _data = [];
    private int _dataLength;

    public int Count => _records.Count;

    public long TotalSize => _dataLength;

    public IReadOnlyList<PendingRecord> Records => _records;

    public ReadOnlyMemory<byte> Data => _data.AsMemory(0, _dataLength);

    /// <summary>Adds a record; false when the entry already has a record at that timestamp.</summary>
    public bool TryAdd(int entryIndex, ulong timestamp, ReadOnlySpan<byte> body, string? contentType, IReadOnlyDictionary<string, string>? labels)
    {
        if (!_keys.Add((entryIndex, timestamp)))
        {
            return false;
        }

        if (body.Length > Array.MaxLength - _dataLength)
        {
            _keys.Remove((entryIndex, timestamp));
            throw new InvalidOperationException("A batch holds at most 2 GB of record bodies; send this one and start another.");
        }

        EnsureCapacity(_dataLength + body.Length);
        body.CopyTo(_data.AsSpan(_dataLength));
        _records.Add(new PendingRecord(entryIndex, timestamp, _dataLength, body.Length, contentType, labels));
        _dataLength += body.Length;
        return true;
    }

    public void Clear()
    {
        _records.Clear();
        _keys.Clear();
        _dataLength = 0;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _data.Length)
        {
            return;
        }

        int capacity = (int)Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(4096L, _data.Length * 2L)));
        Array.Resize(ref _data, capacity);
    }
}
