using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Protocol;

/// <summary>Bucket settings as sent in a request: every field may be missing or null.</summary>
internal sealed record BucketSettingsUpdate(QuotaType? QuotaType, ulong? QuotaSize, ulong? MaxBlockSize, ulong? MaxBlockRecords)
{
    public static BucketSettingsUpdate Empty { get; } = new(null, null, null, null);

    /// <summary>Fields that are given replace those of <paramref name="current"/>; the rest stay.</summary>
    public BucketSettings ApplyTo(BucketSettings current) => new(
        QuotaType ?? current.QuotaType,
        QuotaSize ?? current.QuotaSize,
        MaxBlockSize ?? current.MaxBlockSize,
        MaxBlockRecords ?? current.MaxBlockRecords);
}
