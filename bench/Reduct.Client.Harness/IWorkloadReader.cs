namespace Reduct.Client.Harness;

/// <summary>One client's way of reading a workload's records back from a bucket the harness filled.</summary>
internal interface IWorkloadReader : IAsyncDisposable
{
    /// <summary>Queries the workload's entry from its first record to its last and reads every body.</summary>
    /// <returns>What was read, for the harness to check against what it wrote.</returns>
    Task<ReadTotals> ReadAsync(string bucket, WorkloadShape shape, CancellationToken cancellationToken);
}

/// <summary>The records and body bytes a reader received.</summary>
internal readonly record struct ReadTotals(int Records, long BodyBytes);
