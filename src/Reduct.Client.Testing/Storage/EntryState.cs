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

    public SortedDictionary<ulong, RecordSlot> Records { get; } = new();

    /// <summary>Sum of the lengths of committed records.</summary>
    public ulong CommittedBytes { get; set; }

    public ulong CommittedCount { get; set; }

    /// <summary>What the entry adds to the bucket size: payload plus a fixed overhead per record.</summary>
    public ulong Size => CommittedBytes + (CommittedCount * StorageEngine.RecordOverheadBytes);

    /// <summary><c>$meta</c> attachment entries are hidden from bucket info.</summary>
    public bool IsHidden => Name == "$meta" || Name.EndsWith("/$meta", StringComparison.Ordinal);
}
