namespace Reduct.Client.Tests.Interop;

/// <summary>
/// How a multi-entry (v2) batch body goes wrong when the side that concatenates the bodies and the side that cuts
/// them order the records differently. ReductStore orders a v2 body by entry, entries numbered by their first
/// record in time (ties by name), then by time; reduct-js 1.20.0 orders it by time across entries, when it writes
/// a batch and when it reads one.
/// </summary>
public static class BatchBodyOrder
{
    /// <summary>By time across entries, as reduct-js 1.20.0 sends and reads a v2 body.</summary>
    public static List<InteropRecord> InTimeOrder(IReadOnlyCollection<InteropRecord> records)
    {
        var entryIndex = EntryIndexes(records);
        return records.OrderBy(record => record.Timestamp).ThenBy(record => entryIndex[record.Entry]).ToList();
    }

    /// <summary>By entry, then by time, as ReductStore sends and reads a v2 body.</summary>
    public static List<InteropRecord> InEntryOrder(IReadOnlyCollection<InteropRecord> records)
    {
        var entryIndex = EntryIndexes(records);
        return records.OrderBy(record => entryIndex[record.Entry]).ThenBy(record => record.Timestamp).ToList();
    }

    /// <summary>
    /// The bytes each record gets when the bodies are concatenated in <paramref name="sentOrder"/> and the result is
    /// cut, by each record's length, in <paramref name="cutOrder"/>.
    /// </summary>
    public static Dictionary<InteropRecord, byte[]> Cut(IReadOnlyList<InteropRecord> sentOrder, IReadOnlyList<InteropRecord> cutOrder)
    {
        var body = sentOrder.SelectMany(record => record.Body.ToBytes()).ToArray();
        var bodies = new Dictionary<InteropRecord, byte[]>();
        var offset = 0;
        foreach (var record in cutOrder)
        {
            var length = record.Body.ToBytes().Length;
            bodies[record] = body[offset..(offset + length)];
            offset += length;
        }

        return bodies;
    }

    /// <summary>Entries numbered by their first record in time, ties by name.</summary>
    private static Dictionary<string, int> EntryIndexes(IEnumerable<InteropRecord> records) =>
        records.GroupBy(record => record.Entry)
            .OrderBy(entry => entry.Min(record => record.Timestamp))
            .ThenBy(entry => entry.Key, StringComparer.Ordinal)
            .Select((entry, index) => (entry.Key, index))
            .ToDictionary(pair => pair.Key, pair => pair.index);
}
