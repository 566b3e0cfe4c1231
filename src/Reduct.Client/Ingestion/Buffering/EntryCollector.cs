using System.Diagnostics;

namespace Reduct.Client.Ingestion.Buffering;

/// <summary>
/// Collection per entry for the in-memory writer: each entry with records waiting has an <see cref="EntryChunk"/>; a
/// chunk that reaches <see cref="IngestionWriterOptions.FlushRecordCount"/> or <see cref="IngestionWriterOptions.FlushBytes"/>
/// becomes a request of its own, and <see cref="SweepFree"/> packs the partial chunks of free entries into shared
/// requests. Numbers the records in the order they are taken, for flushes (<see cref="SettlementLedger"/>).
/// </summary>
/// <remarks>
/// Batches join the <see cref="SendSchedule"/> under this lock, so that an entry's requests become ready in the order
/// its records were collected however many producers write to it. The collector's lock is taken once per record by
/// producers and once per sweep by the writer's loop; nothing else takes it.
/// </remarks>
internal sealed class EntryCollector
{
#if NET9_0_OR_GREATER
    // Taken once per record: the dedicated lock type is cheaper than a monitor on an object.
    private readonly Lock _sync = new();
#else
    private readonly object _sync = new();
#endif
    private readonly List<CollectedEntry> _collecting = [];
    private readonly WriterObjectPool _pool;
    private readonly SendSchedule _schedule;
    private readonly SettlementLedger _ledger;
    private readonly int _flushRecordCount;
    private readonly long _flushBytes;
    private long _collectingSince;
    private long _taken;
    private bool _closed;

    public EntryCollector(IngestionWriterOptions options, WriterObjectPool pool, SendSchedule schedule, SettlementLedger ledger)
    {
        _flushRecordCount = options.FlushRecordCount;
        _flushBytes = options.FlushBytes;
        _pool = pool;
        _schedule = schedule;
        _ledger = ledger;
    }

    /// <summary>True while no entry has records being collected.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_sync)
            {
                return _collecting.Count == 0;
            }
        }
    }

    /// <summary>The number the next record taken will get: every record taken so far has a lower one.</summary>
    public long NextSequence
    {
        get
        {
            lock (_sync)
            {
                return _taken;
            }
        }
    }

    /// <summary>
    /// Adds a record to its entry's chunk (the body is copied). True when the writer's loop has work it would not
    /// hear of otherwise: the first record collected since the last sweep (its flush interval starts), or a full chunk
    /// that can start at once.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The writer is stopping.</exception>
    /// <exception cref="ArgumentException">A record of the entry at this timestamp waits in the chunk.</exception>
    public bool Add(CollectedEntry entry, ReductTimestamp timestamp, ReadOnlySpan<byte> data, IReadOnlyDictionary<string, string>? labels)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(IngestionWriter));
            EntryChunk? chunk = entry.Chunk;
            if (chunk is null)
            {
                chunk = _pool.RentChunk();
                chunk.Start(entry, _taken, Stopwatch.GetTimestamp());
                _ledger.Open(_taken);

                // A steady stream fills its chunks alike: storage for as many bytes as the last one is one pool rental.
                chunk.Records.ExpectBodyBytes(entry.LastChunkBytes);
                entry.Chunk = chunk;
                entry.CollectingSlot = _collecting.Count;
                _collecting.Add(entry);
            }

            // Refused only by a chunk that holds records already (a new one is empty): nothing above changed then.
            if (!chunk.Records.TryAdd(0, timestamp.Microseconds, data, entry.ContentType, labels))
            {
                throw new ArgumentException(
                    $"A record of entry '{entry.Name}' at timestamp {timestamp} is already waiting to be sent in the same request; the second one would be lost.",
                    nameof(timestamp));
            }

            _taken++;

            bool firstSinceSweep = _collecting.Count == 1 && chunk.Records.Count == 1;
            if (firstSinceSweep)
            {
                _collectingSince = chunk.StartedAt;
            }

            if (chunk.Records.Count >= _flushRecordCount || chunk.Records.TotalSize >= _flushBytes)
            {
                StopCollecting(entry);
                return _schedule.Add(_pool.RentBatch(chunk), entry.Name);
            }

            // Checked only for a first record, so that most records cost no look-up: a busy slot wakes the loop itself.
            return firstSinceSweep && _schedule.CanStartNow(entry.Name);
        }
    }

    /// <summary>
    /// How long the oldest chunk being collected has waited (at most that long: a chunk that went out as a full request
    /// since the last sweep may have been the oldest); false when nothing is collected.
    /// </summary>
    public bool TryGetAge(out TimeSpan age)
    {
        lock (_sync)
        {
            age = _collecting.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_collectingSince);
            return _collecting.Count > 0;
        }
    }

    /// <summary>
    /// Moves the partial chunks started at or before <paramref name="startedBy"/> of the entries not in
    /// <paramref name="busy"/> into requests, as few as the per-request record and byte counts allow. The others keep
    /// collecting: a busy entry's until it is free, so that it never holds back the requests of the free ones, and a
    /// young one until it is due or full, so that a sweep under load does not cut every entry's chunk short.
    /// </summary>
    /// <returns>The number of requests made.</returns>
    public int SweepFree(HashSet<string> busy, long startedBy)
    {
        lock (_sync)
        {
            OutgoingBatch? current = null;
            int kept = 0;
            int made = 0;
            long oldestKept = long.MaxValue;
            for (int i = 0; i < _collecting.Count; i++)
            {
                CollectedEntry entry = _collecting[i];
                if (busy.Contains(entry.Name) || entry.Chunk!.StartedAt > startedBy)
                {
                    oldestKept = Math.Min(oldestKept, entry.Chunk!.StartedAt);
                    entry.CollectingSlot = kept;
                    _collecting[kept++] = entry;
                    continue;
                }

                EntryChunk chunk = entry.Chunk!;
                entry.LastChunkBytes = chunk.Records.TotalSize;
                entry.Chunk = null;
                entry.CollectingSlot = -1;
                if (current is not null && (current.Records.Count + chunk.Records.Count > _flushRecordCount
                    || current.TotalSize + chunk.Records.TotalSize > _flushBytes))
                {
                    _schedule.Add(current);
                    made++;
                    current = null;
                }

                if (current is null)
                {
                    current = _pool.RentBatch(chunk);
                }
                else
                {
                    current.Add(chunk);
                }
            }

            if (current is not null)
            {
                _schedule.Add(current);
                made++;
            }

            _collecting.RemoveRange(kept, _collecting.Count - kept);
            if (kept > 0)
            {
                _collectingSince = oldestKept;
            }

            return made;
        }
    }

    /// <summary>Refuses every later record: what is collected is still swept and sent.</summary>
    public void Close()
    {
        lock (_sync)
        {
            _closed = true;
        }
    }

    /// <summary>Takes the entry's chunk out of collection (it goes into a request).</summary>
    private void StopCollecting(CollectedEntry entry)
    {
        // Swap-remove: the order of collection does not matter, only that every collecting entry is in the list.
        int slot = entry.CollectingSlot;
        CollectedEntry last = _collecting[^1];
        _collecting[slot] = last;
        last.CollectingSlot = slot;
        _collecting.RemoveAt(_collecting.Count - 1);
        entry.LastChunkBytes = entry.Chunk!.Records.TotalSize;
        entry.Chunk = null;
        entry.CollectingSlot = -1;
    }
}
