namespace Reduct.Client.Testing.Protocol;

/// <summary>One record of a v2 label update or removal, in header order.</summary>
/// <param name="EntryIndex">Index into <c>x-reduct-entries</c>.</param>
/// <param name="Delta">Time delta from <c>x-reduct-start-ts</c>.</param>
/// <param name="Entry">Entry name.</param>
/// <param name="Timestamp">The record's timestamp.</param>
/// <param name="Labels">The label change of an update; null for a removal.</param>
internal sealed record BatchV2Change(int EntryIndex, ulong Delta, string Entry, ulong Timestamp, LabelChange? Labels);
