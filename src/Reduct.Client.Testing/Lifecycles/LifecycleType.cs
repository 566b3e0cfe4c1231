namespace Reduct.Client.Testing.Lifecycles;

/// <summary>What a lifecycle policy does to the records it selects (<c>type</c>).</summary>
internal enum LifecycleType
{
    /// <summary><c>delete</c>: removes them.</summary>
    Delete,

    /// <summary><c>compress</c>: recompresses their blocks (refused by the reference server).</summary>
    Compress,
}
