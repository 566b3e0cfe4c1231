namespace Reduct.Client.Tests.Resilience;

/// <summary>A record a fault test writes: its key and body.</summary>
internal sealed record TestRecord(string Entry, ulong Timestamp, byte[] Data)
{
    public RecordKey Key => new(Entry, Timestamp);

    /// <summary>Records with distinct, recognisable bodies, so that a mix-up between records would show.</summary>
    public static List<TestRecord> Make(IReadOnlyList<string> entries, int perEntry, int size)
    {
        var records = new List<TestRecord>();
        foreach (string entry in entries)
        {
            for (int i = 0; i < perEntry; i++)
            {
                ulong timestamp = 1_000_000UL + (ulong)i;
                byte[] data = new byte[size];
                new Random(HashCode.Combine(entry, i)).NextBytes(data);
                records.Add(new TestRecord(entry, timestamp, data));
            }
        }

        return records;
    }
}
