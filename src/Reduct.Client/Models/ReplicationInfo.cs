namespace Reduct.Client;

/// <summary>A replication task as the server lists it (<c>GET /api/v1/replications</c>).</summary>
public sealed class ReplicationInfo
{
    /// <summary>Task name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The task's mode; <see cref="ReplicationMode.Enabled"/> on servers before 1.18, which have no modes.</summary>
    public ReplicationMode Mode { get; init; } = ReplicationMode.Enabled;

    /// <summary>
    /// True when the task is enabled or paused and its destination answers; false when it is disabled or the
    /// destination cannot be reached.
    /// </summary>
    public bool IsActive { get; init; }

    /// <summary>True when the task comes from the server's configuration; such a task cannot be changed or removed.</summary>
    public bool IsProvisioned { get; init; }

    /// <summary>Records written to the source that wait to be sent.</summary>
    public ulong PendingRecords { get; init; }

    /// <summary>One line with the task's state.</summary>
    public override string ToString() =>
        $"ReplicationInfo {{ Name = {Name}, Mode = {Mode}, IsActive = {(IsActive ? "true" : "false")}, IsProvisioned = {(IsProvisioned ? "true" : "false")}, PendingRecords = {PendingRecords} }}";
}
