namespace Reduct.Client.Testing.Storage;

/// <summary>What the folder store keeps about a record next to its body file.</summary>
internal sealed record RecordMetadata(ulong Timestamp, long Length, string ContentType, IReadOnlyDictionary<string, string> Labels, RecordState State, string? Sha256);
