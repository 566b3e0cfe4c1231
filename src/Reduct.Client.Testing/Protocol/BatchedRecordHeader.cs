namespace Reduct.Client.Testing.Protocol;

/// <summary>Length, content type and labels of one record announced in a batch header.</summary>
internal sealed record BatchedRecordHeader(long Length, string ContentType, IReadOnlyDictionary<string, string> Labels);
