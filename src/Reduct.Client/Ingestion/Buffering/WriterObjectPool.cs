namespace Reduct.Client.Ingestion.Buffering;

/// <summary>
/// The in-memory writer's bookkeeping objects kept for reuse: chunks (a list of record descriptions each, their body
/// storage given back to the pool of arrays when they are recycled) and batches. Taken by the collector, given back by
/// the senders; a busy writer stops allocating them.
/// </summary>
internal sealed class WriterObjectPool
{
    private readonly object _sync = new();
    private readonly Stack<EntryChunk> _chunks = new();
    private readonly Stack<OutgoingBatch> _batches = new();
    private readonly int _chunkCapacity;

    /// <summary>Objects kept at most of each kind: as many as a full buffer needs.</summary>
    private readonly int _maxSpare;

    public WriterObjectPool(IngestionWriterOptions options)
    {
        _chunkCapacity = Math.Min(options.FlushRecordCount, 1024);
        _maxSpare = Math.Min(4096, (options.MaxBufferedRecords / options.FlushRecordCount) + options.MaxConcurrentRequests + 1);
    }

    public EntryChunk RentChunk()
    {
        lock (_sync)
        {
            if (_chunks.Count > 0)
            {
                return _chunks.Pop();
            }
        }

        return new EntryChunk(_chunkCapacity);
    }

    public OutgoingBatch RentBatch(EntryChunk first)
    {
        OutgoingBatch? batch = null;
        lock (_sync)
        {
            if (_batches.Count > 0)
            {
                batch = _batches.Pop();
            }
        }

        batch ??= new OutgoingBatch();
        batch.Add(first);
        return batch;
    }

    /// <summary>
    /// Takes back a sent batch and its chunks: their body storage goes back to the pool of arrays at once, so that a
    /// burst does not hold its peak for the writer's lifetime.
    /// </summary>
    public void Return(OutgoingBatch batch)
    {
        foreach (EntryChunk chunk in batch.Chunks)
        {
            chunk.Reset();
        }

        lock (_sync)
        {
            foreach (EntryChunk chunk in batch.Chunks)
            {
                if (_chunks.Count < _maxSpare)
                {
                    _chunks.Push(chunk);
                }
            }

            batch.Reset();
            if (_batches.Count < _maxSpare)
            {
                _batches.Push(batch);
            }
        }
    }
}
