namespace Reduct.Client.Testing.Protocol;

/// <summary>The parsed headers of a v2 label update or removal: entries, start timestamp and records in header order.</summary>
internal sealed record BatchV2ChangeRequest(IReadOnlyList<string> Entries, ulong StartTimestamp, IReadOnlyList<BatchV2Change> Changes);
