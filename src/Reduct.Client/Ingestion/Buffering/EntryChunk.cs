using Reduct.Client.Protocol;

namespace Reduct.Client.Ingestion.Buffering;

/// <summary>
/// The records of one entry that the <see cref="EntryCollector"/> collects for a request: full chunks go out as
/// requests of their own (one entry, so each record header is the short steady-state form), partial ones are
/// gathered into shared requests when the flush interval runs out.
/// </summary>
internal sealed class EntryChunk
{
    /// <param name="capacity">The records a chunk is expected to hold at most.</param>
    public EntryChunk(int capacity)
    {
        Records = new RecordBuffer(pooled: true, capacity);
    }

    /// <summary>The records, all with entry index 0, and their bodies (pooled storage).</summary>
    public RecordBuffer Records { get; }

    /// <summary>The entry the records belong to.</summary>
    public CollectedEntry Entry { get; private set; } = null!;

    /// <summary>The collector's sequence number of the chunk's first record (see <see cref="SettlementLedger"/>).</summary>
    public long FirstSequence { get; private set; }

    /// <summary>When the chunk got its first record (<see cref="System.Diagnostics.Stopwatch"/> ticks): its age sets when it is due.</summary>
    public long StartedAt { get; private set; }

    /// <summary>Prepares an empty chunk for an entry.</summary>
    public void Start(CollectedEntry entry, long firstSequence, long startedAt = 0)
    {
        Entry = entry;
        FirstSequence = firstSequence;
        StartedAt = startedAt;
    }

    /// <summary>Empties the chunk and gives its storage back, once no request reads its records.</summary>
    public void Reset()
    {
        Records.Clear();
        Entry = null!;
    }
}
