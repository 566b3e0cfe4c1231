namespace Reduct.Client.Testing.Conditions;

/// <summary>What a condition sees of one record: its timestamp and labels.</summary>
internal sealed class ConditionContext
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public ConditionContext(ulong timestamp, IReadOnlyDictionary<string, string> labels)
    {
        Timestamp = timestamp;
        Labels = labels;
    }

    public ulong Timestamp { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Labels computed by server extensions; the reference server has none, so every <c>@name</c> is missing.</summary>
    public IReadOnlyDictionary<string, string> ComputedLabels => NoLabels;
}
