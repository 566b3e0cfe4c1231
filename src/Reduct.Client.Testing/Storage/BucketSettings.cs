namespace Reduct.Client.Testing.Storage;

/// <summary>Settings of a bucket, always fully filled in.</summary>
internal sealed record BucketSettings(QuotaType QuotaType, ulong QuotaSize, ulong MaxBlockSize, ulong MaxBlockRecords)
{
    /// <summary>The stock server defaults (also reported in <c>GET /info</c>).</summary>
    public static BucketSettings Defaults { get; } = new(QuotaType.None, 0, 64_000_000, 1024);
}
