namespace Reduct.Client.Testing.Replication;

/// <summary>
/// The records a replication task has yet to send, per entry in the order they were written (the real server's
/// transaction logs). Thread-safe; an update of the task hands it to the task that replaces it, as the real server
/// keeps its logs under the task's name.
/// </summary>
internal sealed class PendingRecords
{
    private readonly object _sync = new();
    private readonly SortedDictionary<string, List<ulong>> _entries = new(StringComparer.Ordinal);
    private long _count;

    public ulong Count
    {
        get
        {
            lock (_sync)
            {
                return (ulong)_count;
            }
        }
    }

    public void Add(string entry, ulong timestamp)
    {
        lock (_sync)
        {
            if (!_entries.TryGetValue(entry, out var list))
            {
                _entries[entry] = list = new List<ulong>();
            }

            list.Add(timestamp);
            _count++;
        }
    }

    /// <summary>The entries that have records waiting.</summary>
    public IReadOnlyList<string> Entries()
    {
        lock (_sync)
        {
            return _entries.Where(pair => pair.Value.Count > 0).Select(pair => pair.Key).ToList();
        }
    }

    /// <summary>Up to <paramref name="max"/> of the entry's oldest waiting records, left in place.</summary>
    public IReadOnlyList<ulong> Front(string entry, int max)
    {
        lock (_sync)
        {
            return _entries.TryGetValue(entry, out var list) ? list.Take(max).ToList() : Array.Empty<ulong>();
        }
    }

    /// <summary>Drops the entry's <paramref name="count"/> oldest records: they were sent, or failed for good.</summary>
    public void PopFront(string entry, int count)
    {
        lock (_sync)
        {
            if (_entries.TryGetValue(entry, out var list))
            {
                count = Math.Min(count, list.Count);
                list.RemoveRange(0, count);
                _count -= count;
            }
        }
    }
}
