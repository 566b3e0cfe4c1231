namespace Reduct.Client.Testing.Storage;

/// <summary>One record of an entry: its metadata, state and content.</summary>
internal sealed class RecordSlot
{
    public RecordSlot(string entry, ulong timestamp, long length, string contentType, IReadOnlyDictionary<string, string> labels)
    {
        Entry = entry;
        Timestamp = timestamp;
        Length = length;
        ContentType = contentType;
        Labels = labels;
    }

    /// <summary>Name of the entry; changes when the entry (or a parent) is renamed.</summary>
    public string Entry { get; set; }

    public ulong Timestamp { get; }

    public long Length { get; }

    public string ContentType { get; }

    /// <summary>
    /// The labels. A dictionary is never changed once a slot holds it (records of a batch may share one): a label
    /// update gives the slot a new one, under the engine's lock, so a reader that took the reference keeps a
    /// consistent set.
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels { get; set; }

    public RecordState State { get; set; } = RecordState.Writing;

    /// <summary>
    /// SHA-256 of the body (32 bytes), known once committed. The slot keeps the bytes rather than their hex text, which
    /// is three times the size and is only read by tests and the folder store.
    /// </summary>
    public byte[]? Sha256Hash { get; set; }

    /// <summary>Lower-case hex SHA-256 of the body, known once committed.</summary>
    public string? Sha256 => Sha256Hash is null ? null : Convert.ToHexString(Sha256Hash).ToLowerInvariant();

    /// <summary>Null while a new slot's storage is still being reserved.</summary>
    public RecordContent? Content { get; set; }

    /// <summary>
    /// Set when the record, its entry or its bucket is removed, or a retried upload replaces it. Every removal sets it,
    /// so a slot that is not detached is still the record of <see cref="Owner"/> in <see cref="OwnerBucket"/>.
    /// </summary>
    public bool Detached { get; set; }

    /// <summary>The entry the record was written to; null for records loaded from a folder, which are never written again.</summary>
    public EntryState? Owner { get; init; }

    /// <summary>The bucket of <see cref="Owner"/>, so that a finished upload finds its place without a search.</summary>
    public BucketState? OwnerBucket { get; init; }

    /// <summary>The immutable view handed to tests, created on commit.</summary>
    public StoredRecord? Snapshot { get; set; }
}
