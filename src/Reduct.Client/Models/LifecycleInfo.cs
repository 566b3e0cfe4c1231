namespace Reduct.Client;

/// <summary>The state of a lifecycle policy, as listed by the server.</summary>
public sealed class LifecycleInfo
{
    /// <summary>The policy's name.</summary>
    public required string Name { get; init; }

    /// <summary>True when the policy comes from the server's configuration; such a policy cannot be changed or removed through the API.</summary>
    public bool IsProvisioned { get; init; }

    /// <summary>True while the server's worker for the policy is scheduled (it stays true while the policy is disabled).</summary>
    public bool IsRunning { get; init; }

    /// <summary>The policy's action.</summary>
    public LifecycleType Type { get; init; }

    /// <summary>The policy's mode now.</summary>
    public LifecycleMode Mode { get; init; }

    /// <summary>When the policy last ran, or null when it has not run yet.</summary>
    public DateTimeOffset? LastRun { get; init; }
}
