namespace Reduct.Client;

/// <summary>The diagnostics of a replication task.</summary>
public sealed class ReplicationDiagnostics
{
    /// <summary>The last hour.</summary>
    public ReplicationDiagnosticsItem Hourly { get; init; } = new();
}

/// <summary>Records sent and failed over a period, and the errors by status.</summary>
/// <remarks>
/// ReductStore counts in one-minute frames and scales <see cref="Ok"/> and <see cref="Errored"/> to a whole hour while
/// it has fewer than 60 frames: right after a task starts, one record sent reads as 60. The counts in
/// <see cref="Errors"/> are not scaled.
/// </remarks>
public sealed class ReplicationDiagnosticsItem
{
    /// <summary>Records sent (scaled to the hour, see the remarks).</summary>
    public ulong Ok { get; init; }

    /// <summary>Records that failed (scaled to the hour, see the remarks).</summary>
    public ulong Errored { get; init; }

    /// <summary>
    /// Failures by status: an HTTP status of the destination, or a negative code of the server's own client
    /// (-3 the connection failed, -2 a timeout).
    /// </summary>
    public IReadOnlyDictionary<int, ReplicationErrorCount> Errors { get; init; } = new Dictionary<int, ReplicationErrorCount>();
}

/// <summary>How many records failed with one status, and the last message.</summary>
public sealed class ReplicationErrorCount
{
    /// <summary>Records that failed with this status.</summary>
    public ulong Count { get; init; }

    /// <summary>The error message of the last of them.</summary>
    public string LastMessage { get; init; } = string.Empty;
}
