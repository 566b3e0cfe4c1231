using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Storage;

/// <summary>What queries need of the engine: entry bounds, ordered scans of committed records, and entry lists.</summary>
internal sealed partial class StorageEngine
{
    /// <summary>Checks that an entry exists, without looking at its records (every batched read does).</summary>
    /// <exception cref="ReductErrorException">404 for a missing bucket or entry.</exception>
    public void RequireEntryExists(string bucketName, string entryName)
    {
        lock (_sync)
        {
            RequireEntry(RequireBucket(bucketName), entryName);
        }
    }

    /// <summary>The oldest and latest committed timestamps of an entry (both 0 when it has no records).</summary>
    /// <exception cref="ReductErrorException">404 for a missing bucket or entry.</exception>
    public (ulong Oldest, ulong Latest) GetEntryRange(string bucketName, string entryName)
    {
        lock (_sync)
        {
            var entry = RequireEntry(RequireBucket(bucketName), entryName);
            TryGetRange(entry, out var oldest, out var latest);
            return (oldest, latest);
        }
    }

    /// <summary>
    /// Up to <paramref name="maxCount"/> committed records of an entry with <paramref name="from"/> &lt;= timestamp
    /// &lt;= <paramref name="through"/>, oldest first. Records still being written or whose upload broke off are skipped.
    /// </summary>
    /// <exception cref="ReductErrorException">404 for a missing bucket or entry.</exception>
    public List<StoredRecord> ScanCommitted(string bucketName, string entryName, ulong from, ulong through, int maxCount)
    {
        lock (_sync)
        {
            var entry = RequireEntry(RequireBucket(bucketName), entryName);
            var records = new List<StoredRecord>(Math.Min(maxCount, 64));
            foreach (var slot in entry.RecordsFrom(from))
            {
                if (slot.Timestamp > through || records.Count == maxCount)
                {
                    break;
                }

                if (slot.State == RecordState.Committed)
                {
                    records.Add(SnapshotOf(slot));
                }
            }

            return records;
        }
    }

    /// <summary>Names of all entries of a bucket, <c>$meta</c> entries included, in ordinal order.</summary>
    /// <exception cref="ReductErrorException">404 for a missing bucket.</exception>
    public IReadOnlyList<string> ListEntryNames(string bucketName)
    {
        lock (_sync)
        {
            return RequireBucket(bucketName).Entries.Keys.ToList();
        }
    }

    /// <summary>Creates an empty entry (and its missing parents) unless it exists, as a removal query does.</summary>
    /// <exception cref="ReductErrorException">404 for a missing bucket, 422 for an invalid name.</exception>
    public void EnsureEntry(string bucketName, string entryName, bool hierarchicalEntries)
    {
        lock (_sync)
        {
            var bucket = RequireBucket(bucketName);
            if (EntryNameRules.Validate(entryName, hierarchicalEntries) is { } nameError)
            {
                throw ReductErrorException.UnprocessableEntity(nameError);
            }

            GetOrCreateEntry(bucket, entryName, hierarchicalEntries);
        }
    }
}
