namespace Reduct.Client.Protocol;

/// <summary>
/// One record waiting in a batch: its body (a slice of the batch's storage, which never moves) and the metadata
/// to encode. Records of different batches can share a request: only <see cref="EntryIndex"/> is renumbered.
/// </summary>
/// <param name="EntryIndex">Index of the record's entry in the entry list of the request (or batch) it belongs to.</param>
/// <param name="Timestamp">Microseconds since the Unix epoch.</param>
/// <param name="Body">The record's bytes.</param>
/// <param name="ContentType">Content type, or null for <c>application/octet-stream</c>.</param>
/// <param name="Labels">Labels, or null for none.</param>
internal readonly record struct PendingRecord(
    int EntryIndex,
    ulong Timestamp,
    ReadOnlyMemory<byte> Body,
    string? ContentType,
    IReadOnlyDictionary<string, string>? Labels)
{
    /// <summary>Body length.</summary>
    public int Length => Body.Length;

    /// <summary>The content type the server stores: the given one or the default.</summary>
    public string EffectiveContentType => ContentType ?? SingleRecordMessages.DefaultContentType;

    /// <summary>
    /// True when both records hold the same content type and labels objects, as the records of one stream do:
    /// everything worked out from that metadata alone (header text, header cost) can be reused without comparing
    /// values.
    /// </summary>
    public bool SharesMetadataObjectsWith(in PendingRecord other) =>
        ReferenceEquals(ContentType, other.ContentType) && ReferenceEquals(Labels, other.Labels);
}
