using Reduct.Client.Protocol;
using Reduct.Client.Writing;

namespace Reduct.Client.Ingestion.Buffering;

/// <summary>
/// The records the in-memory writer hands to one send: one or more <see cref="EntryChunk"/>s,
/// renumbered into one entry list. The chunks keep the bodies until the send is over.
/// </summary>
internal sealed class OutgoingBatch
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly List<PendingRecord> _merged = [];

    public List<EntryChunk> Chunks { get; } = [];

    public List<string> Entries { get; } = [];

    /// <summary>The records in send order: a single chunk's own list, or the renumbered records of several.</summary>
    public IReadOnlyList<PendingRecord> Records => Chunks.Count == 1 ? Chunks[0].Records.Records : _merged;

    public long TotalSize { get; private set; }

    /// <summary>True while the records are ordered by entry index, then time.</summary>
    public bool InSendOrder { get; private set; } = true;

    /// <summary>The lowest <see cref="EntryChunk.FirstSequence"/> of the chunks.</summary>
    public long FirstSequence { get; private set; } = long.MaxValue;

    /// <summary>Records whose buffer space was already given back.</summary>
    public int ReleasedRecords { get; set; }

    /// <summary>Body bytes whose buffer space was already given back.</summary>
    public long ReleasedBytes { get; set; }

    /// <summary>The batch's first request, built while the request before it to the same entry was on the wire; or null.</summary>
    public PreparedBatchRequest? Prepared { get; set; }

    public void Add(EntryChunk chunk)
    {
        string name = chunk.Entry.Name;
        if (!_indexes.TryGetValue(name, out int index))
        {
            index = Entries.Count;
            _indexes.Add(name, index);
            Entries.Add(name);
        }
        else
        {
            // Two handles of one entry name: their records interleave in time and must be sorted.
            InSendOrder = false;
        }

        if (Chunks.Count == 1)
        {
            // A second chunk: from now on the records are kept in a list of their own (the first chunk's keep index 0).
            _merged.AddRange(Chunks[0].Records.Records);
        }

        if (Chunks.Count > 0)
        {
            foreach (PendingRecord record in chunk.Records.Records)
            {
                _merged.Add(record with { EntryIndex = index });
            }
        }

        InSendOrder &= chunk.Records.IsInSendOrder;
        TotalSize += chunk.Records.TotalSize;
        FirstSequence = Math.Min(FirstSequence, chunk.FirstSequence);
        Chunks.Add(chunk);
    }

    /// <summary>Empties the batch; the chunks are the caller's to recycle.</summary>
    public void Reset()
    {
        _indexes.Clear();
        Chunks.Clear();
        Entries.Clear();
        _merged.Clear();
        TotalSize = 0;
        InSendOrder = true;
        FirstSequence = long.MaxValue;
        ReleasedRecords = 0;
        ReleasedBytes = 0;
        Prepared = null;
    }
}
