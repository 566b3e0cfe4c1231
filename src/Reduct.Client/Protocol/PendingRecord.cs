namespace Reduct.Client.Protocol;

/// <summary>
/// One record waiting in a batch: where its body lies in the batch's buffer and the metadata to encode.
/// </summary>
/// <param name="EntryIndex">Index of the record's entry in the batch's entry list.</param>
/// <param name="Timestamp">Microseconds since the Unix epoch.</param>
/// <param name="Offset">Start of the body in the batch buffer.</param>
/// <param name="Length">Body length.</param>
/// <param name="ContentType">Content type, or null for <c>application/octet-stream</c>.</param>
/// <param name="Labels">Labels, or null for none.</param>
internal readonly record struct PendingRecord(
    int EntryIndex,
    ulong Timestamp,
    int Offset,
    int Length,
    string? ContentType,
    IReadOnlyDictionary<string, string>? Labels)
{
    /// <summary>The content type the server stores: the given one or the default.</summary>
    public string EffectiveContentType => ContentType ?? Bucket.DefaultContentType;
}
