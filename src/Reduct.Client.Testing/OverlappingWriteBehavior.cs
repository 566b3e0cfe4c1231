namespace Reduct.Client.Testing;

/// <summary>
/// What a <see cref="ReductTestServer"/> does with a write request that arrives for an entry while another write
/// request to the same entry is still in progress.
/// </summary>
/// <remarks>
/// ReductStore 1.20 and 1.21 cannot take two batch writes to one entry at once: both requests hang, a waiting request
/// fails after the server's lock timeout (<c>RS_RWLOCK_TIMEOUT</c>) with <c>500 Failed to acquire async write lock
/// within timeout</c>, and the entry stays blocked for later writes and reads. Servers up to 1.17 take such requests.
/// Either way, every overlap is counted in <see cref="ReductTestStatistics.OverlappingWriteRequests"/>.
/// </remarks>
public enum OverlappingWriteBehavior
{
    /// <summary>Take the overlapping request, as servers up to 1.17 do, and count it.</summary>
    Count,

    /// <summary>
    /// Behave as ReductStore 1.20 and 1.21 do: the overlapping request waits for
    /// <see cref="ReductTestServerOptions.LockTimeout"/> and fails with the real server's <c>500</c> text, storing
    /// nothing, and from then on every write or read request to that entry does the same until the server stops.
    /// The request that was in progress completes.
    /// </summary>
    BlockLikeRealServer,
}
