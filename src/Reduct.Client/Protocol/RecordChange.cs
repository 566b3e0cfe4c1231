namespace Reduct.Client.Protocol;

/// <summary>One record of a label-update or removal batch.</summary>
/// <param name="EntryIndex">Index of the record's entry in the entry list of its call.</param>
/// <param name="Timestamp">Microseconds since the Unix epoch.</param>
/// <param name="Operations">
/// A label update: label names mapped to their new values, an empty value for a label to remove (the wire meaning
/// on every update route). Null for a removal.
/// </param>
internal readonly record struct RecordChange(int EntryIndex, ulong Timestamp, IReadOnlyDictionary<string, string>? Operations)
{
    /// <summary>True when this is the removal of the record.</summary>
    public bool IsRemoval => Operations is null;
}
