namespace Reduct.Client;

/// <summary>One replication task with its settings and diagnostics (<c>GET /api/v1/replications/{name}</c>).</summary>
public sealed class FullReplicationInfo
{
    /// <summary>Name and state.</summary>
    public required ReplicationInfo Info { get; init; }

    /// <summary>The settings; <see cref="ReplicationSettings.DestinationToken"/> is always null, the server never returns it.</summary>
    public required ReplicationSettings Settings { get; init; }

    /// <summary>What the task sent and what failed over the last hour.</summary>
    public required ReplicationDiagnostics Diagnostics { get; init; }
}
