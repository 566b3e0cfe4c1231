namespace Reduct.Client.Testing.Lifecycles;

/// <summary>Whether a lifecycle policy acts (<c>mode</c>).</summary>
internal enum LifecycleMode
{
    /// <summary><c>enabled</c>: each run applies the action.</summary>
    Enabled,

    /// <summary><c>disabled</c>: runs are skipped.</summary>
    Disabled,

    /// <summary><c>dry_run</c>: each run counts what it would remove and removes nothing.</summary>
    DryRun,
}
