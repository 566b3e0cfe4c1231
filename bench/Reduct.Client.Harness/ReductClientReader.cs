namespace Reduct.Client.Harness;

/// <summary>Reads a workload back through <see cref="Bucket.QueryAsync(string, ReductTimestamp?, ReductTimestamp?, QueryOptions?, CancellationToken)"/>, as an application would.</summary>
internal sealed class ReductClientReader : IWorkloadReader
{
    private readonly ReductClient _client;

    public ReductClientReader(Uri serverUrl) => _client = new ReductClient(serverUrl);

    public async Task<ReadTotals> ReadAsync(string bucket, WorkloadShape shape, CancellationToken cancellationToken)
    {
        Bucket source = _client.GetBucket(bucket);
        int records = 0;
        long bytes = 0;

        // A small body is read whole, as the README shows; a large one in chunks into one buffer, never whole.
        byte[]? chunk = shape.RecordSize > shape.ChunkSize ? new byte[shape.ChunkSize] : null;
        await foreach (ReductRecord record in source.QueryAsync(RecordPattern.EntryName(0), cancellationToken: cancellationToken))
        {
            if (chunk is null)
            {
                byte[] body = await record.ReadAllBytesAsync(cancellationToken);
                bytes += body.Length;
            }
            else
            {
                int read;
                while ((read = await record.Content.ReadAsync(chunk, cancellationToken)) > 0)
                {
                    bytes += read;
                }
            }

            records++;
        }

        return new ReadTotals(records, bytes);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
