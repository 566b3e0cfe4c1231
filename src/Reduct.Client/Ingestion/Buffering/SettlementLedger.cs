namespace Reduct.Client.Ingestion.Buffering;

/// <summary>
/// Flush sequencing of the in-memory writer: which records are settled (stored or reported failed), by the sequence
/// numbers the collector gives them in the order they are taken, and the flushes waiting for them.
/// </summary>
/// <remarks>
/// Kept per chunk, not per record: a chunk is opened here when its first record is collected (numbers only grow) and
/// settled when the request that carried it is answered. A flush of the records numbered below <c>n</c> is done once
/// no open chunk starts below <c>n</c>. Chunks settle out of order (entries go out in parallel), so the settled ones
/// that are not the oldest open one wait in a set until it settles.
/// </remarks>
internal sealed class SettlementLedger
{
    private readonly object _sync = new();
    private readonly Queue<long> _open = new();
    private readonly HashSet<long> _settledEarly = [];
    private readonly List<(long Before, TaskCompletionSource Done)> _waiters = [];

    /// <summary>Opens the chunk whose first record has number <paramref name="firstSequence"/>, higher than any opened before.</summary>
    public void Open(long firstSequence)
    {
        lock (_sync)
        {
            _open.Enqueue(firstSequence);
        }
    }

    /// <summary>Settles the chunks of an answered batch and completes the flushes that waited only for them.</summary>
    public void Settle(OutgoingBatch batch)
    {
        lock (_sync)
        {
            foreach (EntryChunk chunk in batch.Chunks)
            {
                _settledEarly.Add(chunk.FirstSequence);
            }

            while (_open.Count > 0 && _settledEarly.Remove(_open.Peek()))
            {
                _open.Dequeue();
            }

            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (IsSettledBefore(_waiters[i].Before))
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Completes once every record numbered below <paramref name="before"/> is settled.</summary>
    public Task WaitForAsync(long before)
    {
        lock (_sync)
        {
            if (IsSettledBefore(before))
            {
                return Task.CompletedTask;
            }

            TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((before, done));
            return done.Task;
        }
    }

    private bool IsSettledBefore(long before) => _open.Count == 0 || _open.Peek() >= before;
}
