namespace Reduct.Client;

/// <summary>How durable a record is once a spooled write has returned.</summary>
public enum SpoolDurability
{
    /// <summary>
    /// Handed to the operating system before the write returns (copied into the open segment's memory-mapped file):
    /// it survives the process being killed, not a power loss before the system writes it out. The fastest; the default.
    /// </summary>
    OperatingSystem,

    /// <summary>Handed to the operating system, and the segment file is synced to the disk every <see cref="SpoolOptions.SyncInterval"/>.</summary>
    SyncInterval,

    /// <summary>Handed to the operating system, and each segment file is synced to the disk when it is full and closed.</summary>
    SyncPerSegment,
}
