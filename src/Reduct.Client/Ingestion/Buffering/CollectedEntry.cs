namespace Reduct.Client.Ingestion.Buffering;

/// <summary>
/// An entry as the in-memory writer's <see cref="EntryCollector"/> sees it: its name and content type, and the chunk of
/// its records being collected. Made once per entry handle; guarded by the collector's lock.
/// </summary>
internal sealed class CollectedEntry
{
    public CollectedEntry(string name, string? contentType)
    {
        Name = name;
        ContentType = contentType;
    }

    /// <summary>The entry name.</summary>
    public string Name { get; }

    /// <summary>The content type of every record, or null for <c>application/octet-stream</c>.</summary>
    public string? ContentType { get; }

    /// <summary>The records of this entry being collected, or null.</summary>
    public EntryChunk? Chunk { get; set; }

    /// <summary>Where this entry is in the collector's list of collecting entries, or -1.</summary>
    public int CollectingSlot { get; set; } = -1;

    /// <summary>Body bytes of the entry's last chunk that went into a request: what the next one is sized for.</summary>
    public long LastChunkBytes { get; set; }
}
