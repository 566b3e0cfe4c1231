namespace Reduct.Client;

/// <summary>
/// Where and how an <see cref="IngestionWriter"/> keeps the records it accepted until the server has stored them: a
/// directory of segment files that outlives the process, so records survive link loss, restarts and crashes.
/// </summary>
public sealed class SpoolOptions
{
    /// <summary>The spool directory; created when missing. One writer at a time may use it.</summary>
    public required string Directory { get; init; }

    /// <summary>Most bytes the spool's segment files may hold. Default 1 GiB.</summary>
    public long MaxBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>What a write does when the spool is full. Default <see cref="SpoolFullMode.Wait"/>.</summary>
    public SpoolFullMode WhenFull { get; init; } = SpoolFullMode.Wait;

    /// <summary>How durable an accepted record is. Default <see cref="SpoolDurability.OperatingSystem"/>.</summary>
    public SpoolDurability Durability { get; init; } = SpoolDurability.OperatingSystem;

    /// <summary>How often the open segment is synced to the disk with <see cref="SpoolDurability.SyncInterval"/>. Default 100 ms.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Size at which a segment file is closed and the next one begun; a segment is removed once each of its
    /// records is stored or reported failed. Default 16 MiB.
    /// </summary>
    public long SegmentBytes { get; init; } = 16L * 1024 * 1024;

    internal SpoolOptions Validated(string paramName)
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("SpoolOptions.Directory must name a directory.", paramName);
        }

        if (SegmentBytes < 4096)
        {
            throw new ArgumentOutOfRangeException(paramName, SegmentBytes, "SpoolOptions.SegmentBytes must be at least 4096.");
        }

        if (MaxBytes < 2 * SegmentBytes)
        {
            throw new ArgumentOutOfRangeException(paramName, MaxBytes, $"SpoolOptions.MaxBytes must be at least twice SegmentBytes ({2 * SegmentBytes}).");
        }

        if (!Enum.IsDefined(WhenFull))
        {
            throw new ArgumentOutOfRangeException(paramName, WhenFull, "SpoolOptions.WhenFull must be Wait, DropOldest or Fail.");
        }

        if (!Enum.IsDefined(Durability))
        {
            throw new ArgumentOutOfRangeException(paramName, Durability, "SpoolOptions.Durability must be OperatingSystem, SyncInterval or SyncPerSegment.");
        }

        if (Durability == SpoolDurability.SyncInterval && SyncInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, SyncInterval, "SpoolOptions.SyncInterval must be positive.");
        }

        return this;
    }
}
