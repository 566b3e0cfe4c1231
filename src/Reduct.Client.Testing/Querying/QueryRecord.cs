namespace Reduct.Client.Testing.Querying;

/// <summary>A record a query returns, with the labels it is returned with (all, or those <c>#select_labels</c> names).</summary>
internal sealed record QueryRecord(StoredRecord Record, IReadOnlyDictionary<string, string> Labels)
{
    public string Entry => Record.Entry;

    public ulong Timestamp => Record.Timestamp;
}
