namespace Reduct.Client;

/// <summary>Summary of an entry in a bucket.</summary>
public sealed class EntryInfo
{
    /// <summary>The entry name.</summary>
    public required string Name { get; init; }

    /// <summary>Stored size in bytes, including storage overhead.</summary>
    public ulong Size { get; init; }

    /// <summary>Number of records.</summary>
    public ulong RecordCount { get; init; }

    /// <summary>Number of storage blocks.</summary>
    public ulong BlockCount { get; init; }

    /// <summary>Timestamp of the oldest record (its <see cref="ReductTimestamp.Microseconds"/> are what the server reported).</summary>
    public ReductTimestamp OldestRecord { get; init; }

    /// <summary>Timestamp of the newest record (its <see cref="ReductTimestamp.Microseconds"/> are what the server reported).</summary>
    public ReductTimestamp LatestRecord { get; init; }

    /// <summary><c>READY</c> or <c>DELETING</c>; null on servers older than 1.18.</summary>
    public string? Status { get; init; }

    /// <summary>One line with the entry's name, record count, size and time range.</summary>
    public override string ToString() =>
        $"EntryInfo {{ Name = {Name}, RecordCount = {DescriptionText.Number(RecordCount)}, Size = {DescriptionText.Number(Size)} B, OldestRecord = {DescriptionText.Time(OldestRecord)}, LatestRecord = {DescriptionText.Time(LatestRecord)} }}";
}
