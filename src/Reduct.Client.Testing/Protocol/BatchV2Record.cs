namespace Reduct.Client.Testing.Protocol;

/// <summary>One record of a v2 batch, in body order.</summary>
internal sealed record BatchV2Record(int EntryIndex, ulong Delta, string Entry, ulong Timestamp, BatchedRecordHeader Header);
