using System.Runtime.CompilerServices;

namespace Reduct.Client.Harness;

/// <summary>Writes a workload through Reduct.Client's public API, as an application would.</summary>
internal sealed class ReductClientWriter : IWorkloadWriter
{
    private readonly ReductClient _client;
    private readonly ClientPath _path;
    private readonly Labels _labels = RecordPattern.CreateLabels();

    public ReductClientWriter(Uri serverUrl, ClientPath path)
    {
        _client = new ReductClient(serverUrl);
        _path = path;
    }

    public Task WriteAsync(string bucket, WorkloadShape shape, CancellationToken cancellationToken)
    {
        Bucket target = _client.GetBucket(bucket);
        return _path switch
        {
            ClientPath.Single => WriteSinglesAsync(target, shape, cancellationToken),
            ClientPath.BatchV1 => WriteBatchesAsync(target, shape, cancellationToken),
            ClientPath.BatchV2 => WriteRecordBatchesAsync(target, shape, cancellationToken),
            ClientPath.Writer => WriteThroughWriterAsync(target, shape, cancellationToken),
            ClientPath.Stream => WriteStreamsAsync(target, shape, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), _path, "Reduct.Client has no such write path."),
        };
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WriteSinglesAsync(Bucket bucket, WorkloadShape shape, CancellationToken cancellationToken)
    {
        byte[] payload = RecordPattern.CreatePayload(shape.RecordSize);
        string[] entries = EntryNames(shape);
        var options = new RecordWriteOptions { ContentType = RecordPattern.ContentType, Labels = _labels };
        for (int i = 0; i < shape.Records; i++)
        {
            await bucket.WriteAsync(entries[RecordPattern.EntryNumber(i, shape)], payload, RecordPattern.Timestamp(i), options, cancellationToken);
        }
    }

    private async Task WriteStreamsAsync(Bucket bucket, WorkloadShape shape, CancellationToken cancellationToken)
    {
        byte[] chunk = RecordPattern.CreatePayload(Math.Min(shape.ChunkSize, shape.RecordSize));
        string[] entries = EntryNames(shape);
        var options = new RecordWriteOptions { ContentType = RecordPattern.ContentType, Labels = _labels };
        for (int i = 0; i < shape.Records; i++)
        {
            await bucket.WriteAsync(entries[RecordPattern.EntryNumber(i, shape)], Chunks(chunk, shape.RecordSize, cancellationToken), shape.RecordSize,
                RecordPattern.Timestamp(i), options, cancellationToken);
        }
    }

    /// <summary>Produces a body of <paramref name="length"/> bytes from one buffer, as a reader of a file or socket would.</summary>
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] chunk, long length, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (long produced = 0; produced < length; produced += chunk.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - produced));
        }

        await Task.CompletedTask;
    }

    private async Task WriteBatchesAsync(Bucket bucket, WorkloadShape shape, CancellationToken cancellationToken)
    {
        // A Batch belongs to one entry, so records wait in one batch per entry until it is full.
        byte[] payload = RecordPattern.CreatePayload(shape.RecordSize);
        string[] entries = EntryNames(shape);
        var batches = new Batch[shape.Entries];
        for (int entry = 0; entry < shape.Entries; entry++)
        {
            batches[entry] = new Batch();
        }

        for (int i = 0; i < shape.Records; i++)
        {
            int entry = RecordPattern.EntryNumber(i, shape);
            Batch batch = batches[entry];
            if (BatchPolicy.IsFull(batch.Count, batch.TotalSize, payload.Length))
            {
                await SendAsync(bucket, entries[entry], batch, cancellationToken);
            }

            batch.Add(RecordPattern.Timestamp(i), payload, RecordPattern.ContentType, _labels);
        }

        for (int entry = 0; entry < shape.Entries; entry++)
        {
            if (batches[entry].Count > 0)
            {
                await SendAsync(bucket, entries[entry], batches[entry], cancellationToken);
            }
        }
    }

    private static async Task SendAsync(Bucket bucket, string entry, Batch batch, CancellationToken cancellationToken)
    {
        BatchWriteResult<ReductTimestamp> result = await bucket.WriteBatchAsync(entry, batch, cancellationToken);
        if (result.Count > 0)
        {
            throw new InvalidOperationException($"A batch to {entry} lost {result.Count} records: {result.First().Value.Message}");
        }

        batch.Clear();
    }

    private async Task WriteRecordBatchesAsync(Bucket bucket, WorkloadShape shape, CancellationToken cancellationToken)
    {
        byte[] payload = RecordPattern.CreatePayload(shape.RecordSize);
        string[] entries = EntryNames(shape);
        var batch = new RecordBatch();
        for (int i = 0; i < shape.Records; i++)
        {
            if (BatchPolicy.IsFull(batch.Count, batch.TotalSize, payload.Length))
            {
                await SendAsync(bucket, batch, cancellationToken);
            }

            batch.Add(entries[RecordPattern.EntryNumber(i, shape)], RecordPattern.Timestamp(i), payload, RecordPattern.ContentType, _labels);
        }

        if (batch.Count > 0)
        {
            await SendAsync(bucket, batch, cancellationToken);
        }
    }

    private static async Task SendAsync(Bucket bucket, RecordBatch batch, CancellationToken cancellationToken)
    {
        BatchWriteResult<RecordKey> result = await bucket.WriteBatchAsync(batch, cancellationToken);
        if (result.Count > 0)
        {
            throw new InvalidOperationException($"A record batch lost {result.Count} records: {result.First().Value.Message}");
        }

        batch.Clear();
    }

    private async Task WriteThroughWriterAsync(Bucket bucket, WorkloadShape shape, CancellationToken cancellationToken)
    {
        byte[] payload = RecordPattern.CreatePayload(shape.RecordSize);
        await using IngestionWriter writer = bucket.CreateWriter();
        EntryWriter[] entries = [.. Enumerable.Range(0, shape.Entries)
            .Select(entry => writer.OpenEntry(RecordPattern.EntryName(entry), RecordPattern.ContentType, _labels))];
        for (int i = 0; i < shape.Records; i++)
        {
            await entries[RecordPattern.EntryNumber(i, shape)].WriteAsync(RecordPattern.Timestamp(i), payload, cancellationToken);
        }

        IReadOnlyList<FailedRecord> failed = await writer.FlushAsync(cancellationToken);
        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"The writer lost {failed.Count} records: {failed[0]}");
        }
    }

    private static string[] EntryNames(WorkloadShape shape) => [.. Enumerable.Range(0, shape.Entries).Select(RecordPattern.EntryName)];
}
