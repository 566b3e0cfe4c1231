namespace Reduct.Client.Testing.Storage;

/// <summary>BucketInfo as reported by <c>GET /list</c> and <c>GET /b/{bucket}</c>.</summary>
internal sealed record BucketInfoSnapshot(string Name, ulong EntryCount, ulong Size, ulong OldestRecord, ulong LatestRecord, bool IsProvisioned);
