namespace Reduct.Client;

/// <summary>
/// Settings of a bucket. In a request, a null property means "use the server default" on creation and
/// "keep the current value" on update; in a response every property is filled in.
/// </summary>
public sealed class BucketSettings
{
    /// <summary>What happens when <see cref="QuotaSize"/> is reached.</summary>
    public QuotaType? QuotaType { get; set; }

    /// <summary>The quota in bytes (ignored when the quota type is <see cref="Client.QuotaType.None"/>).</summary>
    public ulong? QuotaSize { get; set; }

    /// <summary>Bytes per storage block before a new block starts.</summary>
    public ulong? MaxBlockSize { get; set; }

    /// <summary>Records per storage block before a new block starts.</summary>
    public ulong? MaxBlockRecords { get; set; }
}
