namespace Reduct.Client;

/// <summary>Whether a lifecycle policy acts when it runs.</summary>
public enum LifecycleMode
{
    /// <summary>Each run applies the policy's action.</summary>
    Enabled,

    /// <summary>Runs are skipped; the policy stays defined.</summary>
    Disabled,

    /// <summary>Each run only counts what it would change (the server logs the count); nothing is removed.</summary>
    DryRun,
}
