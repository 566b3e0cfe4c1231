namespace Reduct.Client;

/// <summary>Summary of a bucket, as listed by the server.</summary>
public sealed class BucketInfo
{
    /// <summary>The bucket name.</summary>
    public required string Name { get; init; }

    /// <summary>Number of entries, including parents created for hierarchical entry names.</summary>
    public ulong EntryCount { get; init; }

    /// <summary>Stored size in bytes, including storage overhead (not only record bodies).</summary>
    public ulong Size { get; init; }

    /// <summary>Timestamp of the oldest record; <see cref="ReductTimestamp.Epoch"/> (0 µs) when the bucket is empty.</summary>
    public ReductTimestamp OldestRecord { get; init; }

    /// <summary>Timestamp of the newest record; <see cref="ReductTimestamp.Epoch"/> (0 µs) when the bucket is empty.</summary>
    public ReductTimestamp LatestRecord { get; init; }

    /// <summary>True when the bucket is provisioned by the server configuration and cannot be changed.</summary>
    public bool IsProvisioned { get; init; }

    /// <summary><c>READY</c> or <c>DELETING</c>; null on servers older than 1.18.</summary>
    public string? Status { get; init; }

    /// <summary>One line with the bucket's name, entry count, size and time range.</summary>
    public override string ToString() =>
        $"BucketInfo {{ Name = {Name}, EntryCount = {DescriptionText.Number(EntryCount)}, Size = {DescriptionText.Number(Size)} B, OldestRecord = {DescriptionText.Time(OldestRecord)}, LatestRecord = {DescriptionText.Time(LatestRecord)} }}";
}
