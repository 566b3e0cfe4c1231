using System.Globalization;
using Reduct.Client.Protocol;

namespace Reduct.Client.Editing;

/// <summary>
/// The records of one batch call that updates labels or removes records, checked and ready to plan: the entry
/// names by index, and the changes ordered by entry and then time.
/// </summary>
internal sealed class ChangeList
{
    /// <summary>What to do instead of removing attachments by timestamp.</summary>
    public const string RemovalOfAttachments = "its records cannot be removed by timestamp; give a record the label remove=true (UpdateLabelsAsync) to remove it";

    private ChangeList(List<string> entries, RecordChange[] changes, bool isRemoval)
    {
        Entries = entries;
        Changes = changes;
        IsRemoval = isRemoval;
        Array.Sort(Changes, static (a, b) => a.EntryIndex != b.EntryIndex ? a.EntryIndex.CompareTo(b.EntryIndex) : a.Timestamp.CompareTo(b.Timestamp));
    }

    /// <summary>Entry names by the changes' entry index.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>The changes, by entry and then time.</summary>
    public RecordChange[] Changes { get; }

    /// <summary>True for removals, false for label updates.</summary>
    public bool IsRemoval { get; }

    /// <summary>Label updates of one entry.</summary>
    /// <exception cref="ArgumentException">An update is null or not allowed (see <see cref="LabelUpdate"/>).</exception>
    public static ChangeList ForUpdates(string entry, IReadOnlyDictionary<ReductTimestamp, LabelUpdate> updates, string paramName)
    {
        var operations = new OperationsCache(paramName);
        var changes = new RecordChange[updates.Count];
        int i = 0;
        foreach (KeyValuePair<ReductTimestamp, LabelUpdate> update in updates)
        {
            changes[i++] = new RecordChange(0, update.Key.Microseconds, operations.Of(update.Value, update.Key));
        }

        return new ChangeList([entry], changes, isRemoval: false);
    }

    /// <summary>Label updates of records of any entries.</summary>
    /// <exception cref="ArgumentException">An entry name or an update is not allowed.</exception>
    public static ChangeList ForUpdates(IReadOnlyDictionary<RecordKey, LabelUpdate> updates, string paramName)
    {
        var entries = new EntryIndexes(paramName);
        var operations = new OperationsCache(paramName);
        var changes = new RecordChange[updates.Count];
        int i = 0;
        foreach (KeyValuePair<RecordKey, LabelUpdate> update in updates)
        {
            changes[i++] = new RecordChange(entries.IndexOf(update.Key.Entry), update.Key.Timestamp.Microseconds, operations.Of(update.Value, update.Key.Timestamp));
        }

        return new ChangeList(entries.Names, changes, isRemoval: false);
    }

    /// <summary>Removals of records of one entry; a timestamp named twice is removed once.</summary>
    public static ChangeList ForRemovals(string entry, IEnumerable<ReductTimestamp> timestamps)
    {
        var seen = new HashSet<ulong>();
        var changes = new List<RecordChange>();
        foreach (ReductTimestamp timestamp in timestamps)
        {
            if (seen.Add(timestamp.Microseconds))
            {
                changes.Add(new RecordChange(0, timestamp.Microseconds, Operations: null));
            }
        }

        return new ChangeList([entry], [.. changes], isRemoval: true);
    }

    /// <summary>Removals of records of any entries; a record named twice is removed once.</summary>
    /// <exception cref="ArgumentException">An entry name is not allowed, or names an attachment entry.</exception>
    public static ChangeList ForRemovals(IEnumerable<RecordKey> records, string paramName)
    {
        var entries = new EntryIndexes(paramName, refuseAttachments: true);
        var seen = new HashSet<(int, ulong)>();
        var changes = new List<RecordChange>();
        foreach (RecordKey record in records)
        {
            int entryIndex = entries.IndexOf(record.Entry);
            if (seen.Add((entryIndex, record.Timestamp.Microseconds)))
            {
                changes.Add(new RecordChange(entryIndex, record.Timestamp.Microseconds, Operations: null));
            }
        }

        return new ChangeList(entries.Names, [.. changes], isRemoval: true);
    }

    /// <summary>Numbers the entries of a call in the order they come, checking each name once.</summary>
    private sealed class EntryIndexes(string paramName, bool refuseAttachments = false)
    {
        private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

        public List<string> Names { get; } = [];

        public int IndexOf(string entry)
        {
            if (entry is not null && _indexes.TryGetValue(entry, out int index))
            {
                return index;
            }

            NameRules.ValidateEntryName(entry, paramName);
            if (refuseAttachments)
            {
                NameRules.RefuseAttachmentEntry(entry, RemovalOfAttachments, paramName);
            }

            index = Names.Count;
            _indexes.Add(entry, index);
            Names.Add(entry);
            return index;
        }
    }

    /// <summary>
    /// Turns updates into wire operations, once per update object: many records given the same update share one
    /// dictionary, which the planner and encoder recognise by reference.
    /// </summary>
    private sealed class OperationsCache(string paramName)
    {
        private readonly Dictionary<LabelUpdate, Dictionary<string, string>> _byUpdate = new(ReferenceEqualityComparer.Instance);

        public Dictionary<string, string> Of(LabelUpdate? update, ReductTimestamp timestamp)
        {
            if (update is null)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The update for timestamp {timestamp.Microseconds} is null; give a LabelUpdate."), paramName);
            }

            if (!_byUpdate.TryGetValue(update, out Dictionary<string, string>? operations))
            {
                operations = update.ToOperations(forBatch: true, paramName);
                _byUpdate.Add(update, operations);
            }

            return operations;
        }
    }
}
