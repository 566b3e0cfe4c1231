namespace Reduct.Client;

/// <summary>Identifies a record in a bucket: its entry and timestamp.</summary>
/// <param name="Entry">The entry name.</param>
/// <param name="Timestamp">The record's timestamp.</param>
public readonly record struct RecordKey(string Entry, ReductTimestamp Timestamp);
