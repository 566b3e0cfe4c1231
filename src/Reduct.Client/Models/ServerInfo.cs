namespace Reduct.Client;

/// <summary>What <c>GET /api/v1/info</c> reports about the server.</summary>
public sealed class ServerInfo
{
    /// <summary>Full server version, for example <c>1.21.0</c>.</summary>
    public required string Version { get; init; }

    /// <summary>Name of the instance (servers 1.21 and newer; null before).</summary>
    public string? InstanceName { get; init; }

    /// <summary><c>STANDALONE</c>, <c>PRIMARY</c>, <c>SECONDARY</c> or <c>REPLICA</c> (servers 1.21 and newer; null before).</summary>
    public string? InstanceRole { get; init; }

    /// <summary>Number of buckets.</summary>
    public ulong BucketCount { get; init; }

    /// <summary>Bytes used by all buckets.</summary>
    public ulong Usage { get; init; }

    /// <summary>Seconds since the server started.</summary>
    public ulong Uptime { get; init; }

    /// <summary>Timestamp of the oldest record; <see cref="ulong.MaxValue"/> microseconds when there are no buckets.</summary>
    public ReductTimestamp OldestRecord { get; init; }

    /// <summary>Timestamp of the newest record; <see cref="ReductTimestamp.Epoch"/> (0 µs) when there is no data.</summary>
    public ReductTimestamp LatestRecord { get; init; }

    /// <summary>Defaults the server applies to new buckets.</summary>
    public ServerDefaults? Defaults { get; init; }

    /// <summary>License details, or null for the Apache-2.0 build.</summary>
    public LicenseInfo? License { get; init; }

    /// <summary>One line with the server's version, buckets, usage, uptime and time range.</summary>
    public override string ToString() =>
        $"ServerInfo {{ Version = {Version}, BucketCount = {DescriptionText.Number(BucketCount)}, Usage = {DescriptionText.Number(Usage)} B, Uptime = {DescriptionText.Number(Uptime)} s, OldestRecord = {DescriptionText.Time(OldestRecord)}, LatestRecord = {DescriptionText.Time(LatestRecord)} }}";
}

/// <summary>Server-wide defaults.</summary>
public sealed class ServerDefaults
{
    /// <summary>Settings a new bucket gets when the create call does not give them.</summary>
    public BucketSettings? Bucket { get; init; }
}

/// <summary>Commercial license details reported by the server.</summary>
public sealed class LicenseInfo
{
    /// <summary>Licensee.</summary>
    public string? Licensee { get; init; }

    /// <summary>Invoice reference.</summary>
    public string? Invoice { get; init; }

    /// <summary>Expiry date.</summary>
    public DateTimeOffset? ExpiryDate { get; init; }

    /// <summary>Plan name.</summary>
    public string? Plan { get; init; }

    /// <summary>Number of licensed devices.</summary>
    public uint? DeviceNumber { get; init; }

    /// <summary>Disk quota in TB.</summary>
    public int? DiskQuota { get; init; }

    /// <summary>License fingerprint.</summary>
    public string? Fingerprint { get; init; }
}
