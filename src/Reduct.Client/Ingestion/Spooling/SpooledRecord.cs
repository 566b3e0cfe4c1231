namespace Reduct.Client.Ingestion.Spooling;

/// <summary>A record as the spool keeps it: everything a batch request needs to send it again.</summary>
/// <param name="Entry">The entry's name.</param>
/// <param name="Timestamp">The record's timestamp in microseconds.</param>
/// <param name="ContentType">Its content type, or null for the server's default.</param>
/// <param name="Labels">Its labels, in the order they were given.</param>
/// <param name="Body">Its body.</param>
internal readonly record struct SpooledRecord(
    string Entry,
    ulong Timestamp,
    string? ContentType,
    IReadOnlyCollection<KeyValuePair<string, string>> Labels,
    ReadOnlyMemory<byte> Body);
