using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing;

/// <summary>
/// Read-only view of what the server stored, for assertions. Only committed records are visible:
/// a record whose upload broke off (errored) or is still arriving is not.
/// </summary>
public sealed class ReductTestStorage
{
    private readonly StorageEngine _engine;

    internal ReductTestStorage(StorageEngine engine)
    {
        _engine = engine;
    }

    /// <summary>Whether the bucket exists.</summary>
    /// <param name="bucket">Bucket name.</param>
    public bool BucketExists(string bucket) => _engine.BucketExists(bucket);

    /// <summary>Committed records of an entry, oldest first; empty when the bucket or entry does not exist.</summary>
    /// <param name="bucket">Bucket name.</param>
    /// <param name="entry">Entry name.</param>
    public IReadOnlyList<StoredRecord> GetRecords(string bucket, string entry) => _engine.GetCommittedRecords(bucket, entry);

    /// <summary>The committed record at <paramref name="timestamp"/>, or null.</summary>
    /// <param name="bucket">Bucket name.</param>
    /// <param name="entry">Entry name.</param>
    /// <param name="timestamp">Timestamp in microseconds.</param>
    public StoredRecord? FindRecord(string bucket, string entry, ulong timestamp) => _engine.FindCommittedRecord(bucket, entry, timestamp);

    /// <summary>Number of committed records in all entries of the bucket.</summary>
    /// <param name="bucket">Bucket name.</param>
    public int CountRecords(string bucket) => _engine.CountCommittedRecords(bucket);
}
