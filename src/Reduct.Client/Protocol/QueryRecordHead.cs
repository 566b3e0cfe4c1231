namespace Reduct.Client.Protocol;

/// <summary>What a batched read says about one record before its body: where it is in the body and what it is.</summary>
/// <param name="Entry">The record's entry.</param>
/// <param name="Timestamp">The record's timestamp in microseconds.</param>
/// <param name="Length">Body bytes; the bodies of a response follow each other in the order of its heads.</param>
/// <param name="ContentType">The record's content type.</param>
/// <param name="Labels">The record's labels.</param>
internal sealed record QueryRecordHead(string Entry, ulong Timestamp, long Length, string ContentType, IReadOnlyDictionary<string, string> Labels);
