namespace Reduct.Client;

/// <summary>A record an <see cref="IngestionWriter"/> could not store, and why.</summary>
/// <param name="Entry">The record's entry.</param>
/// <param name="Timestamp">The record's timestamp.</param>
/// <param name="Error">The reason: the server's per-record or request-level error, or a transport failure.</param>
public sealed record FailedRecord(string Entry, ReductTimestamp Timestamp, ReductException Error);
