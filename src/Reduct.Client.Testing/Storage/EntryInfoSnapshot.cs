namespace Reduct.Client.Testing.Storage;

/// <summary>EntryInfo as reported by <c>GET /b/{bucket}</c>.</summary>
internal sealed record EntryInfoSnapshot(string Name, ulong Size, ulong RecordCount, ulong BlockCount, ulong OldestRecord, ulong LatestRecord);
