using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Storage;

/// <summary>
/// Buckets, entries and records, in memory or backed by a <see cref="FolderStore"/>. All
/// bookkeeping happens under one lock; record bodies are copied outside it.
/// </summary>
internal sealed partial class StorageEngine
{
    /// <summary>
    /// Fixed per-record cost added to entry and bucket sizes. The real server reports block and
    /// index overhead too (8 payload bytes show up as 40), so clients must not expect size to equal
    /// the payload; a constant keeps the figure deterministic.
    /// </summary>
    public const ulong RecordOverheadBytes = 32;

    private readonly object _sync = new();
    private readonly SortedDictionary<string, BucketState> _buckets = new(StringComparer.Ordinal);
    private readonly FolderStore? _folder;
    private readonly bool _discardBodies;
    private readonly SmallBodyBlocks _smallBodies = new();

    public StorageEngine(string? dataPath, bool discardBodies)
    {
        _discardBodies = discardBodies;
        if (dataPath is not null)
        {
            _folder = new FolderStore(dataPath);
            foreach (var bucket in _folder.Load())
            {
                foreach (var entry in bucket.Entries.Values)
                {
                    foreach (var slot in entry.Records.Values)
                    {
                        if (slot.State == RecordState.Committed)
                        {
                            AddCommitted(entry, slot);
                        }
                    }
                }

                _buckets[bucket.Name] = bucket;
            }
        }
    }

    public bool BucketExists(string bucket)
    {
        lock (_sync)
        {
            return _buckets.ContainsKey(bucket);
        }
    }

    public IReadOnlyList<BucketInfoSnapshot> ListBuckets()
    {
        lock (_sync)
        {
            return _buckets.Values.Select(DescribeBucket).ToList();
        }
    }

    /// <summary>Total usage and the time range over all buckets, as <c>GET /info</c> reports them.</summary>
    public (ulong BucketCount, ulong Usage, ulong Oldest, ulong Latest) Summarize()
    {
        lock (_sync)
        {
            ulong usage = 0;
            var oldest = ulong.MaxValue;
            ulong latest = 0;
            foreach (var bucket in _buckets.Values)
            {
                var info = DescribeBucket(bucket);
                usage += info.Size;
                oldest = Math.Min(oldest, info.OldestRecord);
                latest = Math.Max(latest, info.LatestRecord);
            }

            return ((ulong)_buckets.Count, usage, oldest, latest);
        }
    }

    public FullBucketSnapshot GetBucket(string name)
    {
        lock (_sync)
        {
            var bucket = RequireBucket(name);
            var entries = bucket.Entries.Values.Where(e => !e.IsHidden).Select(e => DescribeEntry(e, bucket.Settings)).ToList();
            return new FullBucketSnapshot(DescribeBucket(bucket), bucket.Settings, entries);
        }
    }

    public void CreateBucket(string name, BucketSettings settings)
    {
        lock (_sync)
        {
            if (_buckets.ContainsKey(name))
            {
                throw ReductErrorException.Conflict($"Bucket '{name}' already exists");
            }

            _folder?.SaveBucket(name, settings);
            _buckets[name] = new BucketState(name, settings);
        }
    }

    /// <summary>
    /// Creates a bucket configured at start-up with the default settings, or marks the bucket of
    /// that name, left in the data folder by an earlier server, as provisioned.
    /// </summary>
    public void ProvisionBucket(string name)
    {
        lock (_sync)
        {
            if (!_buckets.TryGetValue(name, out var bucket))
            {
                _folder?.SaveBucket(name, BucketSettings.Defaults);
                bucket = new BucketState(name, BucketSettings.Defaults);
                _buckets[name] = bucket;
            }

            bucket.IsProvisioned = true;
        }
    }

    public void UpdateBucket(string name, Func<BucketSettings, BucketSettings> update)
    {
        lock (_sync)
        {
            var bucket = RequireBucket(name);
            if (bucket.IsProvisioned)
            {
                throw ReductErrorException.Conflict($"Can't change settings of provisioned bucket '{name}'");
            }

            var settings = update(bucket.Settings);
            _folder?.SaveBucket(name, settings);
            bucket.Settings = settings;
        }
    }

    public void RemoveBucket(string name)
    {
        lock (_sync)
        {
            var bucket = RequireBucket(name);
            if (bucket.IsProvisioned)
            {
                throw ReductErrorException.Conflict($"Can't remove provisioned bucket '{name}'");
            }

            _buckets.Remove(name);
            foreach (var entry in bucket.Entries.Values)
            {
                DetachAll(entry);
            }

            _folder?.DeleteBucket(name);
        }
    }

    /// <summary>Gives a bucket a new name; its entries, records and files go with it.</summary>
    /// <exception cref="ReductErrorException">422 bad name, 409 taken, 404 missing, 409 provisioned: checked in that order, as on the real server.</exception>
    public void RenameBucket(string oldName, string newName)
    {
        lock (_sync)
        {
            if (newName.Length == 0 || !BucketNameRules.IsValid(newName))
            {
                throw ReductErrorException.UnprocessableEntity(BucketNameRules.InvalidNameMessage);
            }

            if (_buckets.ContainsKey(newName))
            {
                throw ReductErrorException.Conflict($"Bucket '{newName}' already exists");
            }

            var bucket = RequireBucket(oldName);
            if (bucket.IsProvisioned)
            {
                throw ReductErrorException.Conflict($"Can't rename provisioned bucket '{oldName}'");
            }

            _folder?.MoveBucket(oldName, newName);
            _buckets.Remove(oldName);
            bucket.Name = newName;
            _buckets[newName] = bucket;
            foreach (var entry in bucket.Entries.Values)
            {
                RelocateBodies(bucket, entry);
            }
        }
    }

    /// <summary>
    /// Gives an entry a new name. Its sub-entries and <c>$meta</c> attachments move along
    /// (<c>a</c> to <c>x</c> makes <c>a/b</c> into <c>x/b</c>), and missing parents of the new name
    /// are created, empty, as a write would create them.
    /// </summary>
    /// <exception cref="ReductErrorException">
    /// 404 missing bucket; 422 bad name; 409 when the new name is the old one or lies under it;
    /// 404 missing entry; 409 taken: checked in that order, as on the real server.
    /// </exception>
    public void RenameEntry(string bucketName, string oldName, string newName, bool hierarchicalEntries)
    {
        lock (_sync)
        {
            var bucket = RequireBucket(bucketName);
            if (EntryNameRules.Validate(newName, hierarchicalEntries) is { } nameError)
            {
                throw ReductErrorException.UnprocessableEntity(nameError);
            }

            var taken = ReductErrorException.Conflict($"Entry '{newName}' already exists in bucket '{bucketName}'");
            if (IsSelfOrDescendant(newName, oldName))
            {
                throw taken;
            }

            var moving = bucket.Entries.Values.Where(e => IsSelfOrDescendant(e.Name, oldName)).ToList();
            if (moving.Count == 0)
            {
                throw ReductErrorException.NotFound($"Entry '{oldName}' not found in bucket '{bucketName}'");
            }

            if (bucket.Entries.ContainsKey(newName))
            {
                throw taken;
            }

            foreach (var entry in moving)
            {
                var renamed = newName + entry.Name[oldName.Length..];
                _folder?.MoveEntry(bucketName, entry.Name, renamed);
                bucket.Entries.Remove(entry.Name);
                entry.Name = renamed;
                bucket.Entries[renamed] = entry;
                foreach (var slot in entry.Records.Values)
                {
                    slot.Entry = renamed;
                    slot.Snapshot = null;
                }

                RelocateBodies(bucket, entry);
            }

            if (hierarchicalEntries)
            {
                CreateMissingAncestors(bucket, newName);
            }
        }
    }

    /// <summary>Removes an entry and its sub-entries (<c>a</c> takes <c>a/b</c> along).</summary>
    public void RemoveEntry(string bucketName, string entryName)
    {
        lock (_sync)
        {
            var bucket = RequireBucket(bucketName);
            RequireEntry(bucket, entryName);
            var doomed = bucket.Entries.Keys.Where(n => IsSelfOrDescendant(n, entryName)).ToList();
            foreach (var name in doomed)
            {
                var entry = bucket.Entries[name];
                bucket.Entries.Remove(name);
                DetachAll(entry);
                foreach (var slot in entry.Records.Values)
                {
                    slot.Content?.Delete();
                }

                _folder?.DeleteEntry(bucketName, name);
            }
        }
    }

    public void RemoveRecord(string bucketName, string entryName, ulong timestamp)
    {
        lock (_sync)
        {
            var bucket = RequireBucket(bucketName);
            var entry = RequireEntry(bucket, entryName);
            if (!entry.Records.TryGetValue(timestamp, out var slot) || slot.State != RecordState.Committed)
            {
                throw RecordNotFound(bucketName, entryName, timestamp);
            }

            Evict(bucketName, entry, slot);
        }
    }

    /// <summary>
    /// Updates the labels of records (a change with <see cref="RecordChange.Labels"/>) or removes them (without), each
    /// on its own: a record that is missing, or still being written, fails alone and the others go ahead.
    /// </summary>
    /// <param name="bucketName">Bucket name.</param>
    /// <param name="changes">The records and what to do to each.</param>
    /// <param name="entriesMustExist">
    /// True when a missing entry fails the whole call (the routes of one entry), false when it fails each of its
    /// records with <c>Entry '...' not found</c> (the v2 routes of a bucket).
    /// </param>
    /// <returns>The error of each change by its index; null where the change was made.</returns>
    /// <exception cref="ReductErrorException">404 missing bucket; with <paramref name="entriesMustExist"/>, 404 missing entry. Nothing was changed.</exception>
    public ReductErrorException?[] ChangeRecords(string bucketName, IReadOnlyList<RecordChange> changes, bool entriesMustExist)
    {
        var errors = new ReductErrorException?[changes.Count];
        lock (_sync)
        {
            var bucket = RequireBucket(bucketName);
            if (entriesMustExist)
            {
                foreach (var change in changes)
                {
                    RequireEntry(bucket, change.Entry);
                }
            }

            for (var i = 0; i < changes.Count; i++)
            {
                var (entryName, timestamp, labels) = changes[i];
                if (!bucket.Entries.TryGetValue(entryName, out var entry))
                {
                    errors[i] = EntryNotFound(bucket, entryName);
                }
                else if (!entry.Records.TryGetValue(timestamp, out var slot) || slot.State != RecordState.Committed)
                {
                    errors[i] = RecordNotFound(bucketName, entryName, timestamp);
                }
                else if (labels is null)
                {
                    Evict(bucketName, entry, slot);
                }
                else
                {
                    // A new dictionary: the old one may be shared with other records, or held by a reader.
                    slot.Labels = labels.ApplyTo(slot.Labels);
                    slot.Snapshot = null;
                    _folder?.SaveRecord(bucketName, slot);
                }
            }
        }

        return errors;
    }

    /// <summary>
    /// Runs the per-record storage checks of the real server (missing bucket, entry name, quota,
    /// <c>$meta</c> rules, duplicate timestamp) and reserves storage for the record.
    /// </summary>
    /// <exception cref="ReductErrorException">A check failed; nothing was reserved.</exception>
    public RecordWriter BeginWrite(string bucketName, string entryName, ulong timestamp, long length, string contentType, IReadOnlyDictionary<string, string> labels, bool hierarchicalEntries)
    {
        RecordSlot slot;
        lock (_sync)
        {
            if (!_buckets.TryGetValue(bucketName, out var bucket))
            {
                throw BucketNotFound(bucketName);
            }

            if (EntryNameRules.Validate(entryName, hierarchicalEntries) is { } nameError)
            {
                throw ReductErrorException.UnprocessableEntity(nameError);
            }

            EnforceQuota(bucket, (ulong)length);

            if (hierarchicalEntries && EntryNameRules.IsMetaEntry(entryName) && !labels.ContainsKey("key"))
            {
                throw ReductErrorException.UnprocessableEntity($"System entry '{entryName}' records must contain label 'key'");
            }

            if (hierarchicalEntries && EntryNameRules.IsMetaEntry(entryName) && labels.TryGetValue("remove", out var remove) && remove == "true")
            {
                // A tombstone is made by a label update, never written.
                throw ReductErrorException.UnprocessableEntity($"System entry '{entryName}' does not support writing records with label 'remove=true'; use record update");
            }

            var entry = GetOrCreateEntry(bucket, entryName, hierarchicalEntries);
            if (entry.Records.TryGetValue(timestamp, out var existing))
            {
                // An upload that broke off may be retried with the same size; anything else is a duplicate.
                if (existing.State != RecordState.Errored || existing.Length != length)
                {
                    throw ReductErrorException.Conflict($"A record with timestamp {timestamp} already exists");
                }

                existing.Detached = true;
                existing.Content?.Delete();
            }

            slot = new RecordSlot(entryName, timestamp, length, contentType, labels) { Owner = entry, OwnerBucket = bucket };
            entry.Put(slot);
            _folder?.SaveRecord(bucketName, slot);
        }

        RecordContent content;
        try
        {
            content = CreateContent(bucketName, entryName, timestamp, length);
        }
        catch (Exception exception) when (exception is IOException or OutOfMemoryException or UnauthorizedAccessException)
        {
            MarkErrored(slot);
            throw ReductErrorException.Internal($"Failed to reserve {length} bytes for record {timestamp}: {exception.Message}");
        }

        lock (_sync)
        {
            slot.Content = content;
        }

        return new RecordWriter(this, slot, content);
    }

    /// <summary>The committed record at <paramref name="timestamp"/>, or the latest one when null.</summary>
    public RecordSlot FindForRead(string bucketName, string entryName, ulong? timestamp)
    {
        lock (_sync)
        {
            var bucket = RequireBucket(bucketName);
            var entry = RequireEntry(bucket, entryName);
            if (timestamp is { } ts)
            {
                return entry.Records.TryGetValue(ts, out var slot) && slot.State == RecordState.Committed
                    ? slot
                    : throw RecordNotFound(bucketName, entryName, ts);
            }

            return entry.Records.Values.LastOrDefault(s => s.State == RecordState.Committed)
                ?? throw ReductErrorException.NotFound($"No records in entry {bucketName}/{entryName}");
        }
    }

    public IReadOnlyList<StoredRecord> GetCommittedRecords(string bucketName, string entryName)
    {
        lock (_sync)
        {
            if (!_buckets.TryGetValue(bucketName, out var bucket) || !bucket.Entries.TryGetValue(entryName, out var entry))
            {
                return Array.Empty<StoredRecord>();
            }

            return entry.Records.Values.Where(s => s.State == RecordState.Committed).Select(SnapshotOf).ToList();
        }
    }

    public StoredRecord? FindCommittedRecord(string bucketName, string entryName, ulong timestamp)
    {
        lock (_sync)
        {
            return _buckets.TryGetValue(bucketName, out var bucket)
                && bucket.Entries.TryGetValue(entryName, out var entry)
                && entry.Records.TryGetValue(timestamp, out var slot)
                && slot.State == RecordState.Committed
                ? SnapshotOf(slot)
                : null;
        }
    }

    public int CountCommittedRecords(string bucketName)
    {
        lock (_sync)
        {
            return _buckets.TryGetValue(bucketName, out var bucket)
                ? (int)bucket.Entries.Values.Sum(e => (long)e.CommittedCount)
                : 0;
        }
    }

    /// <summary>
    /// Called after a record was committed, outside the engine's lock, with the bucket's name and the record: every
    /// write path (single, v1 and v2 batches) ends in <see cref="Commit"/>. Replication tasks listen here.
    /// </summary>
    public Action<string, StoredRecord>? RecordCommitted { get; set; }

    internal void Commit(RecordSlot slot, byte[] sha256)
    {
        string bucketName;
        StoredRecord? committed = null;
        lock (_sync)
        {
            if (slot.Detached || slot is not { Owner: { } entry, OwnerBucket: { } bucket })
            {
                return;
            }

            slot.Sha256Hash = sha256;
            slot.State = RecordState.Committed;
            AddCommitted(entry, slot);
            _folder?.SaveRecord(bucket.Name, slot);
            if (EntryNameRules.IsMetaEntry(entry.Name))
            {
                ReplaceOlderAttachments(bucket.Name, entry, slot);
            }

            bucketName = bucket.Name;
            if (RecordCommitted is not null)
            {
                committed = SnapshotOf(slot);
            }
        }

        if (committed is not null)
        {
            RecordCommitted?.Invoke(bucketName, committed);
        }
    }

    internal void MarkErrored(RecordSlot slot)
    {
        lock (_sync)
        {
            if (slot.Detached || slot.State != RecordState.Writing || slot.OwnerBucket is not { } bucket)
            {
                return;
            }

            slot.State = RecordState.Errored;
            _folder?.SaveRecord(bucket.Name, slot);
        }
    }

    private static ReductErrorException BucketNotFound(string bucket) => ReductErrorException.NotFound($"Bucket '{bucket}' is not found");

    private static ReductErrorException RecordNotFound(string bucket, string entry, ulong timestamp) =>
        ReductErrorException.NotFound($"Record {timestamp} not found in entry {bucket}/{entry}");

    private static void AddCommitted(EntryState entry, RecordSlot slot)
    {
        entry.CommittedBytes += (ulong)slot.Length;
        entry.CommittedCount++;
    }

    private static void DetachAll(EntryState entry)
    {
        foreach (var slot in entry.Records.Values)
        {
            slot.Detached = true;
        }
    }

    private static BucketInfoSnapshot DescribeBucket(BucketState bucket)
    {
        ulong entryCount = 0;
        ulong size = 0;
        ulong oldest = 0;
        ulong latest = 0;
        var first = true;
        foreach (var entry in bucket.Entries.Values)
        {
            if (entry.IsHidden)
            {
                continue;
            }

            entryCount++;
            size += entry.Size;
            if (TryGetRange(entry, out var entryOldest, out var entryLatest))
            {
                oldest = first ? entryOldest : Math.Min(oldest, entryOldest);
                latest = Math.Max(latest, entryLatest);
                first = false;
            }
        }

        return new BucketInfoSnapshot(bucket.Name, entryCount, size, oldest, latest, bucket.IsProvisioned);
    }

    private static EntryInfoSnapshot DescribeEntry(EntryState entry, BucketSettings settings)
    {
        TryGetRange(entry, out var oldest, out var latest);
        var perBlock = Math.Max(1UL, settings.MaxBlockRecords);
        var blocks = (entry.CommittedCount + perBlock - 1) / perBlock;
        return new EntryInfoSnapshot(entry.Name, entry.Size, entry.CommittedCount, blocks, oldest, latest);
    }

    private static bool TryGetRange(EntryState entry, out ulong oldest, out ulong latest)
    {
        oldest = 0;
        latest = 0;
        var found = false;
        foreach (var slot in entry.Records.Values)
        {
            if (slot.State != RecordState.Committed)
            {
                continue;
            }

            if (!found)
            {
                oldest = slot.Timestamp;
                found = true;
            }

            latest = slot.Timestamp;
        }

        return found;
    }

    private static StoredRecord SnapshotOf(RecordSlot slot) =>
        slot.Snapshot ??= new StoredRecord(slot.Entry, slot.Timestamp, slot.Length, slot.ContentType, slot.Labels, slot.Sha256 ?? string.Empty, slot.Content ?? DiscardedRecordContent.Instance);

    private BucketState RequireBucket(string name) =>
        _buckets.TryGetValue(name, out var bucket) ? bucket : throw BucketNotFound(name);

    private static EntryState RequireEntry(BucketState bucket, string entryName) =>
        bucket.Entries.TryGetValue(entryName, out var entry) ? entry : throw EntryNotFound(bucket, entryName);

    private static ReductErrorException EntryNotFound(BucketState bucket, string entryName) =>
        ReductErrorException.NotFound($"Entry '{entryName}' not found in bucket '{bucket.Name}'");

    private EntryState GetOrCreateEntry(BucketState bucket, string entryName, bool hierarchical)
    {
        if (bucket.Entries.TryGetValue(entryName, out var entry))
        {
            return entry;
        }

        if (hierarchical)
        {
            CreateMissingAncestors(bucket, entryName);
        }

        entry = new EntryState(entryName);
        bucket.Entries[entryName] = entry;
        _folder?.EnsureEntry(bucket.Name, entryName);
        return entry;
    }

    /// <summary>Whether <paramref name="name"/> is <paramref name="entry"/> or one of its sub-entries (<c>a/b</c> and <c>a/$meta</c> for <c>a</c>).</summary>
    private static bool IsSelfOrDescendant(string name, string entry) =>
        name.Length >= entry.Length
        && name.StartsWith(entry, StringComparison.Ordinal)
        && (name.Length == entry.Length || name[entry.Length] == '/');

    private void CreateMissingAncestors(BucketState bucket, string entryName)
    {
        foreach (var ancestor in EntryNameRules.Ancestors(entryName))
        {
            if (!bucket.Entries.ContainsKey(ancestor))
            {
                bucket.Entries[ancestor] = new EntryState(ancestor);
                _folder?.EnsureEntry(bucket.Name, ancestor);
            }
        }
    }

    /// <summary>Points file-backed bodies at the folder their entry now lives in.</summary>
    private void RelocateBodies(BucketState bucket, EntryState entry)
    {
        if (_folder is null)
        {
            return;
        }

        foreach (var slot in entry.Records.Values)
        {
            slot.Content?.MovedTo(_folder.BodyPath(bucket.Name, entry.Name, slot.Timestamp));
        }
    }

    private void EnforceQuota(BucketState bucket, ulong length)
    {
        var settings = bucket.Settings;
        if (settings.QuotaType == QuotaType.None)
        {
            return;
        }

        var size = bucket.Size;
        if (size + length <= settings.QuotaSize)
        {
            return;
        }

        if (settings.QuotaType == QuotaType.Hard)
        {
            throw ReductErrorException.BadRequest($"Quota of '{bucket.Name}' exceeded");
        }

        // FIFO: evict the oldest records of the whole bucket until the new one fits.
        var candidates = bucket.Entries.Values
            .SelectMany(e => e.Records.Values.Where(s => s.State == RecordState.Committed).Select(s => (Entry: e, Slot: s)))
            .OrderBy(c => c.Slot.Timestamp)
            .ToList();
        foreach (var (entry, slot) in candidates)
        {
            if (size + length <= settings.QuotaSize)
            {
                return;
            }

            size -= (ulong)slot.Length + RecordOverheadBytes;
            Evict(bucket.Name, entry, slot);
        }

        if (size + length > settings.QuotaSize)
        {
            throw ReductErrorException.Internal($"Failed to keep quota of '{bucket.Name}'");
        }
    }

    private void Evict(string bucketName, EntryState entry, RecordSlot slot)
    {
        entry.Remove(slot.Timestamp);
        entry.CommittedBytes -= (ulong)slot.Length;
        entry.CommittedCount--;
        slot.Detached = true;
        slot.Content?.Delete();
        _folder?.DeleteRecordMetadata(bucketName, entry.Name, slot.Timestamp);
    }

    private void ReplaceOlderAttachments(string bucketName, EntryState entry, RecordSlot newest)
    {
        var key = newest.Labels["key"];
        var replaced = entry.Records.Values
            .Where(s => s != newest && s.State == RecordState.Committed && s.Labels.TryGetValue("key", out var k) && k == key)
            .ToList();
        foreach (var slot in replaced)
        {
            Evict(bucketName, entry, slot);
        }
    }

    private RecordContent CreateContent(string bucket, string entry, ulong timestamp, long length)
    {
        if (_discardBodies)
        {
            return DiscardedRecordContent.Instance;
        }

        if (_folder is not null)
        {
            return _folder.CreateBody(bucket, entry, timestamp, length);
        }

        if (length > Array.MaxLength)
        {
            throw new OutOfMemoryException($"An in-memory record is limited to {Array.MaxLength} bytes; use DataPath or DiscardBodies.");
        }

        return new MemoryRecordContent(length, _smallBodies);
    }
}
