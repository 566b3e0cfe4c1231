namespace Reduct.Client.Testing.Storage;

/// <summary>Records of one entry, keyed by timestamp.</summary>
internal sealed class EntryState
{
    public EntryState(string name)
    {
        Name = name;
    }

    /// <summary>Changes only with a rename, under the engine's lock.</summary>
    public string Name { get; set; }

    private readonly SortedDictionary<ulong, RecordSlot> _records = new();

    // The slots in time order, for scans that start in the middle (a SortedDictionary can only be walked from its
    // start, which made each batch of a long query cost as much as the records before it). Built on the first scan
    // after a change.
    private RecordSlot[]? _inTimeOrder;

    /// <summary>The records by timestamp; changed only through <see cref="Put"/> and <see cref="Remove"/>.</summary>
    public IReadOnlyDictionary<ulong, RecordSlot> Records => _records;

    /// <summary>Adds a record, or replaces the one at its timestamp.</summary>
    public void Put(RecordSlot slot)
    {
        _records[slot.Timestamp] = slot;
        _inTimeOrder = null;
    }

    public void Remove(ulong timestamp)
    {
        if (_records.Remove(timestamp))
        {
            _inTimeOrder = null;
        }
    }

    /// <summary>The records from <paramref name="from"/> on, in time order, found by binary search.</summary>
    public ArraySegment<RecordSlot> RecordsFrom(ulong from)
    {
        var slots = _inTimeOrder ??= [.. _records.Values];
        int low = 0;
        int high = slots.Length;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (slots[middle].Timestamp < from)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return new ArraySegment<RecordSlot>(slots, low, slots.Length - low);
    }

    /// <summary>Sum of the lengths of committed records.</summary>
    public ulong CommittedBytes { get; set; }

    public ulong CommittedCount { get; set; }

    /// <summary>What the entry adds to the bucket size: payload plus a fixed overhead per record.</summary>
    public ulong Size => CommittedBytes + (CommittedCount * StorageEngine.RecordOverheadBytes);

    /// <summary><c>$meta</c> attachment entries are hidden from bucket info.</summary>
    public bool IsHidden => Name == "$meta" || Name.EndsWith("/$meta", StringComparison.Ordinal);
}
