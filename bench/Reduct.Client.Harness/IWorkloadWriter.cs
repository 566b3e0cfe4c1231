namespace Reduct.Client.Harness;

/// <summary>One client's way of writing a workload's records into a bucket, through one write path.</summary>
internal interface IWorkloadWriter : IAsyncDisposable
{
    /// <summary>Writes every record of <paramref name="shape"/> and returns once the server has acknowledged all of them.</summary>
    Task WriteAsync(string bucket, WorkloadShape shape, CancellationToken cancellationToken);
}
