namespace Reduct.Client.Tests.Resilience;

/// <summary>What the SDK told the caller about each record of a write.</summary>
internal sealed class WriteReport
{
    public HashSet<RecordKey> Stored { get; } = [];

    public HashSet<RecordKey> AlreadyStored { get; } = [];

    public Dictionary<RecordKey, ReductException> Failed { get; } = [];

    public override string ToString() =>
        $"stored {Stored.Count}, already stored {AlreadyStored.Count}, failed {Failed.Count}"
        + string.Concat(Failed.Select(f => $"\n  {f.Key.Entry}@{f.Key.Timestamp.Microseconds}: unknown={f.Value.IsOutcomeUnknown} {f.Value.Message}"));
}
