namespace Reduct.Client.Testing.Protocol;

/// <summary>The parsed metadata of a v2 batch: entries, start timestamp and records in body order.</summary>
internal sealed record BatchV2Request(IReadOnlyList<string> Entries, ulong StartTimestamp, IReadOnlyList<BatchV2Record> Records)
{
    /// <summary>Sum of the record lengths.</summary>
    public ulong TotalLength
    {
        get
        {
            ulong total = 0;
            foreach (var record in Records)
            {
                total += (ulong)record.Header.Length;
            }

            return total;
        }
    }
}
