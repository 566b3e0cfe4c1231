namespace Reduct.Client;

/// <summary>What a lifecycle policy does to the records it selects.</summary>
public enum LifecycleType
{
    /// <summary>Removes records older than <see cref="LifecycleSettings.OlderThan"/> (that match <see cref="LifecycleSettings.When"/>, if given).</summary>
    Delete,

    /// <summary>Recompresses the storage blocks of records older than <see cref="LifecycleSettings.OlderThan"/>; takes no condition.</summary>
    Compress,
}
