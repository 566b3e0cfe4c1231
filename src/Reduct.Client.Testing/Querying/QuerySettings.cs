namespace Reduct.Client.Testing.Querying;

/// <summary>What a query keeps of its request besides the cursors.</summary>
internal sealed record QuerySettings(TimeSpan Ttl, bool Continuous, bool OnlyMetadata, BatchLimits Limits)
{
    /// <summary>How often the server's producer looks for new records of a continuous query: every TTL/4.</summary>
    public TimeSpan RecheckInterval => Ttl / 4;
}
