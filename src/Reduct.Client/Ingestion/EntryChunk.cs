using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>
/// The records of one entry that an <see cref="IngestionWriter"/> collects for a request: full chunks go out as
/// requests of their own (one entry, so each record header is the short steady-state form), partial ones are
/// gathered into shared requests when the flush interval runs out. Guarded by the writer's lock.
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
    public EntryWriter Entry { get; private set; } = null!;

    /// <summary>The writer's sequence number of the record before this chunk's first.</summary>
    public long FirstSequence { get; private set; }

    /// <summary>Prepares an empty chunk for an entry.</summary>
    public void Start(EntryWriter entry, long firstSequence)
    {
        Entry = entry;
        FirstSequence = firstSequence;
    }

    /// <summary>Empties the chunk and gives its storage back, once no request reads its records.</summary>
    public void Reset()
    {
        Records.Clear();
        Entry = null!;
    }
}
