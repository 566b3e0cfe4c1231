using System.Diagnostics.CodeAnalysis;

namespace Reduct.Client.Ingestion.Buffering;

/// <summary>
/// Which request the in-memory writer sends next: the batches ready to go, oldest first, and the send slots in use, at
/// most <see cref="IngestionWriterOptions.MaxConcurrentRequests"/>, never two that carry the same entry (the real
/// server's rule). Each entry's requests go out in the order they became ready.
/// </summary>
internal sealed class SendSchedule
{
#if NET9_0_OR_GREATER
    private readonly Lock _sync = new();
#else
    private readonly object _sync = new();
#endif
    private readonly int _slots;

    // Requests ready to send, oldest first; one starts only when none of its entries is in flight.
    private readonly List<OutgoingBatch> _ready = [];

    // The batches being sent, one per slot in use.
    private readonly List<OutgoingBatch> _inFlight = [];

    // The entries of the batches in flight: each belongs to one of them at most.
    private readonly HashSet<string> _entriesInFlight = new(StringComparer.Ordinal);

    // Entries of ready batches passed over in one scan (kept to reuse its storage).
    private readonly HashSet<string> _passedOver = new(StringComparer.Ordinal);

    public SendSchedule(int slots)
    {
        _slots = slots;
    }

    /// <summary>True while nothing is ready and nothing is in flight.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_sync)
            {
                return _ready.Count == 0 && _inFlight.Count == 0;
            }
        }
    }

    /// <summary>True while a slot is free.</summary>
    public bool HasFreeSlot
    {
        get
        {
            lock (_sync)
            {
                return _inFlight.Count < _slots;
            }
        }
    }

    /// <summary>Batches ready and not yet started.</summary>
    public int ReadyCount
    {
        get
        {
            lock (_sync)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>
    /// Queues a batch behind the ready ones. True when a slot is free and the entry of <paramref name="entry"/> has
    /// nothing in flight: only then can the batch start before a slot finishes (a finishing slot takes the next one).
    /// </summary>
    public bool Add(OutgoingBatch batch, string? entry = null)
    {
        lock (_sync)
        {
            _ready.Add(batch);
            return _inFlight.Count < _slots && (entry is null || !_entriesInFlight.Contains(entry));
        }
    }

    /// <summary>True when a slot is free and the entry has nothing in flight.</summary>
    public bool CanStartNow(string entry)
    {
        lock (_sync)
        {
            return _inFlight.Count < _slots && !_entriesInFlight.Contains(entry);
        }
    }

    /// <summary>Takes a free slot for the oldest ready batch that shares no entry with one in flight.</summary>
    public bool TryStart([NotNullWhen(true)] out OutgoingBatch? started)
    {
        lock (_sync)
        {
            if (_inFlight.Count >= _slots)
            {
                started = null;
                return false;
            }

            return TryStartLocked(out started);
        }
    }

    /// <summary>Ends a batch's send; its slot goes on with the next ready batch it may start, or is freed.</summary>
    public bool FinishAndTryStartNext(OutgoingBatch finished, [NotNullWhen(true)] out OutgoingBatch? next)
    {
        lock (_sync)
        {
            _inFlight.Remove(finished);
            foreach (string entry in finished.Entries)
            {
                _entriesInFlight.Remove(entry);
            }

            return TryStartLocked(out next);
        }
    }

    /// <summary>Adds the entries that are busy (in flight, or in a ready batch) to <paramref name="busy"/>.</summary>
    public void CopyBusyEntries(HashSet<string> busy)
    {
        lock (_sync)
        {
            foreach (string entry in _entriesInFlight)
            {
                busy.Add(entry);
            }

            foreach (OutgoingBatch batch in _ready)
            {
                AddAll(busy, batch.Entries);
            }
        }
    }

    /// <summary>
    /// The batch that <paramref name="sent"/>'s slot starts next, when that is certain, so that its request can be
    /// built while sent's request is on the wire: the oldest ready one, held back by sent's single entry alone (it
    /// cannot start before sent is answered, and then this slot takes it). A batch that nothing holds back could be
    /// started by another slot meanwhile, and one that another slot holds back may not come next. Null otherwise, or
    /// when that batch's request is already built.
    /// </summary>
    public OutgoingBatch? FollowingOf(OutgoingBatch sent)
    {
        if (sent.Entries.Count != 1)
        {
            return null;
        }

        string sentEntry = sent.Entries[0];
        lock (_sync)
        {
            _passedOver.Clear();
            foreach (OutgoingBatch candidate in _ready)
            {
                bool heldBySent = false;
                bool heldByOthers = false;
                foreach (string entry in candidate.Entries)
                {
                    if (_passedOver.Contains(entry) || (_entriesInFlight.Contains(entry) && entry != sentEntry))
                    {
                        heldByOthers = true;
                        break;
                    }

                    heldBySent |= entry == sentEntry;
                }

                if (heldByOthers)
                {
                    AddAll(_passedOver, candidate.Entries);
                    continue;
                }

                return heldBySent && candidate.Prepared is null ? candidate : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Moves the oldest ready batch that shares no entry with one in flight into flight. A batch passed over holds back
    /// the later batches of its entries too, so that each entry's requests go out in the order they were made.
    /// </summary>
    private bool TryStartLocked([NotNullWhen(true)] out OutgoingBatch? started)
    {
        _passedOver.Clear();
        for (int i = 0; i < _ready.Count; i++)
        {
            OutgoingBatch candidate = _ready[i];
            bool blocked = false;
            foreach (string entry in candidate.Entries)
            {
                if (_entriesInFlight.Contains(entry) || _passedOver.Contains(entry))
                {
                    blocked = true;
                    break;
                }
            }

            if (blocked)
            {
                AddAll(_passedOver, candidate.Entries);
                continue;
            }

            _ready.RemoveAt(i);
            _inFlight.Add(candidate);
            AddAll(_entriesInFlight, candidate.Entries);
            started = candidate;
            return true;
        }

        started = null;
        return false;
    }

    // HashSet.UnionWith takes an IEnumerable: a List's enumerator would be boxed for every batch looked at.
    private static void AddAll(HashSet<string> set, List<string> entries)
    {
        foreach (string entry in entries)
        {
            set.Add(entry);
        }
    }
}
