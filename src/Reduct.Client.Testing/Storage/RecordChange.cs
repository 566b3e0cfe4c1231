using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Storage;

/// <summary>One record a label update or a removal names: its entry and timestamp, and for an update the change.</summary>
/// <param name="Entry">Entry name.</param>
/// <param name="Timestamp">Timestamp in microseconds.</param>
/// <param name="Labels">The label change of an update; null for a removal.</param>
internal readonly record struct RecordChange(string Entry, ulong Timestamp, LabelChange? Labels);
