namespace Reduct.Client;

/// <summary>A lifecycle policy with its settings (<c>GET /api/v1/lifecycles/{name}</c>).</summary>
public sealed class FullLifecycleInfo
{
    /// <summary>The policy's state.</summary>
    public required LifecycleInfo Info { get; init; }

    /// <summary>The policy's settings, as the server holds them (its mode included).</summary>
    public required LifecycleSettings Settings { get; init; }
}
