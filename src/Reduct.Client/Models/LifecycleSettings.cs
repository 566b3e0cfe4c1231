namespace Reduct.Client;

/// <summary>
/// What a lifecycle policy does, to which records, and how often (servers 1.20 and newer). Durations are
/// <see cref="TimeSpan"/>s here and the server's duration text on the wire (<c>30d</c>, <c>90m</c>, <c>3600s</c>).
/// </summary>
/// <remarks>
/// Updating a policy replaces all of its settings: a property left null takes the server's default, so an update
/// without <see cref="Mode"/> enables a disabled policy again.
/// </remarks>
public sealed class LifecycleSettings
{
    /// <summary>The action: remove records, or recompress their blocks.</summary>
    public required LifecycleType Type { get; init; }

    /// <summary>The bucket the policy applies to.</summary>
    public required string Bucket { get; init; }

    /// <summary>
    /// Entry names, or <c>prefix*</c> patterns, the policy applies to; empty for every entry. Attachment entries
    /// (<c>$meta</c>) are never touched.
    /// </summary>
    public IReadOnlyList<string> Entries { get; init; } = [];

    /// <summary>How old a record must be for the action to take it (its timestamp at most now minus this).</summary>
    public required TimeSpan OlderThan { get; init; }

    /// <summary>Time between two runs, at least 10 minutes; null for the server's default (1 hour). The first run comes one interval after the policy is created or updated.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>The condition records must also meet to be removed (<see cref="LifecycleType.Delete"/> only); null for all.</summary>
    public Condition? When { get; init; }

    /// <summary>The mode to start in; null for <see cref="LifecycleMode.Enabled"/>.</summary>
    public LifecycleMode? Mode { get; init; }

    /// <summary>How much of the eligible time range one run processes (servers 1.21 and newer); null for the server's default.</summary>
    public TimeSpan? ProcessingInterval { get; init; }
}
