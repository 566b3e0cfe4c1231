namespace Reduct.Client.Harness;

/// <summary>What the server received during a measured run and what it stored.</summary>
/// <param name="Requests">Requests handled.</param>
/// <param name="HeadBytes">Request-head bytes (request line, header lines, blank line), as the server parsed them.</param>
/// <param name="BodyBytes">Request-body bytes the server read.</param>
/// <param name="StoredRecords">Records committed in the run's bucket.</param>
/// <param name="CpuSeconds">CPU time (user + system) the server process spent during the measured run.</param>
/// <param name="GcPauseSeconds">How long the server's garbage collector paused it during the measured run.</param>
/// <param name="GcCollections">The server's collections during the measured run, of generations 0, 1 and 2 (each counted once, in its highest generation).</param>
/// <param name="ThreadPoolThreads">The server's thread-pool threads at the start and at the end of the measured run ("4->5").</param>
/// <param name="OverlappingWriteRequests">
/// Write requests of the measured run that arrived for an entry while another write to it was in progress: ReductStore
/// 1.20 and 1.21 cannot take them, so a run with any does not count.
/// </param>
/// <param name="WarmupOverlappingWriteRequests">The same count for the client's warm-up.</param>
internal sealed record ServerTraffic(
    long Requests,
    long HeadBytes,
    long BodyBytes,
    int StoredRecords,
    double CpuSeconds,
    double GcPauseSeconds,
    string GcCollections,
    string ThreadPoolThreads,
    long OverlappingWriteRequests,
    long WarmupOverlappingWriteRequests);
