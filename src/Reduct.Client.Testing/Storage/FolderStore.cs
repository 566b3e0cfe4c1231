using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Reduct.Client.Testing.Storage;

/// <summary>
/// Keeps buckets and records in a folder so that a server started later on the same folder sees
/// them. Layout: <c>&lt;root&gt;/&lt;bucket&gt;/bucket.json</c> for the settings, one folder per
/// entry (name percent-encoded, so <c>a/b</c> becomes <c>a%2Fb</c>), and per record
/// <c>&lt;ts&gt;.meta.json</c> plus <c>&lt;ts&gt;.bin</c> (no body file when bodies are discarded).
/// Metadata files are replaced atomically, so a crash never leaves a half-written one.
/// </summary>
internal sealed class FolderStore
{
    private const string BucketFileName = "bucket.json";
    private const string MetaSuffix = ".meta.json";
    private const string BodySuffix = ".bin";

    private readonly string _root;

    public FolderStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <summary>Reads everything an earlier server left behind.</summary>
    public IEnumerable<BucketState> Load()
    {
        foreach (var bucketFolder in Directory.EnumerateDirectories(_root).Order(StringComparer.Ordinal))
        {
            var settingsFile = Path.Combine(bucketFolder, BucketFileName);
            if (!File.Exists(settingsFile))
            {
                continue;
            }

            var bucket = new BucketState(Path.GetFileName(bucketFolder), ReadSettings(settingsFile));
            foreach (var entryFolder in Directory.EnumerateDirectories(bucketFolder))
            {
                var entryName = Uri.UnescapeDataString(Path.GetFileName(entryFolder));
                var entry = new EntryState(entryName);
                bucket.Entries[entryName] = entry;
                foreach (var metaFile in Directory.EnumerateFiles(entryFolder, "*" + MetaSuffix))
                {
                    var metadata = ReadMetadata(metaFile);
                    var bodyFile = Path.Combine(entryFolder, metadata.Timestamp.ToString(CultureInfo.InvariantCulture) + BodySuffix);
                    var slot = new RecordSlot(entryName, metadata.Timestamp, metadata.Length, metadata.ContentType, metadata.Labels)
                    {
                        // A record that was still being written when the last server stopped broke off.
                        State = metadata.State == RecordState.Committed ? RecordState.Committed : RecordState.Errored,
                        Sha256Hash = metadata.Sha256 is null ? null : Convert.FromHexString(metadata.Sha256),
                        Content = File.Exists(bodyFile) ? FileRecordContent.Existing(bodyFile) : DiscardedRecordContent.Instance,
                    };
                    entry.Put(slot);
                }
            }

            yield return bucket;
        }
    }

    public void SaveBucket(string bucket, BucketSettings settings)
    {
        var folder = BucketFolder(bucket);
        Directory.CreateDirectory(folder);
        WriteAtomically(Path.Combine(folder, BucketFileName), writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("quota_type", settings.QuotaType.ToString().ToUpperInvariant());
            writer.WriteNumber("quota_size", settings.QuotaSize);
            writer.WriteNumber("max_block_size", settings.MaxBlockSize);
            writer.WriteNumber("max_block_records", settings.MaxBlockRecords);
            writer.WriteEndObject();
        });
    }

    public void DeleteBucket(string bucket)
    {
        var folder = BucketFolder(bucket);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Moves a bucket's folder, records and all, to its new name.</summary>
    public void MoveBucket(string oldName, string newName) => Directory.Move(BucketFolder(oldName), BucketFolder(newName));

    /// <summary>Moves one entry's folder (not its sub-entries, which have folders of their own).</summary>
    public void MoveEntry(string bucket, string oldName, string newName) =>
        Directory.Move(EntryFolder(bucket, oldName), EntryFolder(bucket, newName));

    /// <summary>Where the body of a record lives.</summary>
    public string BodyPath(string bucket, string entry, ulong timestamp) => RecordPath(bucket, entry, timestamp, BodySuffix);

    public void EnsureEntry(string bucket, string entry) => Directory.CreateDirectory(EntryFolder(bucket, entry));

    public void DeleteEntry(string bucket, string entry)
    {
        var folder = EntryFolder(bucket, entry);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Creates the body file of a record with its full size reserved.</summary>
    public RecordContent CreateBody(string bucket, string entry, ulong timestamp, long length) =>
        FileRecordContent.Create(BodyPath(bucket, entry, timestamp), length);

    public void SaveRecord(string bucket, RecordSlot slot) =>
        WriteAtomically(RecordPath(bucket, slot.Entry, slot.Timestamp, MetaSuffix), writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("timestamp", slot.Timestamp);
            writer.WriteNumber("length", slot.Length);
            writer.WriteString("content_type", slot.ContentType);
            writer.WriteStartObject("labels");
            foreach (var label in slot.Labels)
            {
                writer.WriteString(label.Key, label.Value);
            }

            writer.WriteEndObject();
            writer.WriteString("state", slot.State == RecordState.Committed ? "committed" : "errored");
            if (slot.Sha256 is not null)
            {
                writer.WriteString("sha256", slot.Sha256);
            }

            writer.WriteEndObject();
        });

    /// <summary>Deletes the metadata of a record; its body file goes with its content.</summary>
    public void DeleteRecordMetadata(string bucket, string entry, ulong timestamp) =>
        File.Delete(RecordPath(bucket, entry, timestamp, MetaSuffix));

    private static BucketSettings ReadSettings(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        var root = document.RootElement;
        return new BucketSettings(
            Enum.Parse<QuotaType>(root.GetProperty("quota_type").GetString()!, ignoreCase: true),
            root.GetProperty("quota_size").GetUInt64(),
            root.GetProperty("max_block_size").GetUInt64(),
            root.GetProperty("max_block_records").GetUInt64());
    }

    private static RecordMetadata ReadMetadata(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        var root = document.RootElement;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in root.GetProperty("labels").EnumerateObject())
        {
            labels[label.Name] = label.Value.GetString()!;
        }

        return new RecordMetadata(
            root.GetProperty("timestamp").GetUInt64(),
            root.GetProperty("length").GetInt64(),
            root.GetProperty("content_type").GetString()!,
            labels,
            root.GetProperty("state").GetString() == "committed" ? RecordState.Committed : RecordState.Errored,
            root.TryGetProperty("sha256", out var sha) ? sha.GetString() : null);
    }

    private static void WriteAtomically(string path, Action<Utf8JsonWriter> build)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            build(writer);
        }

        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, buffer.WrittenSpan.ToArray());
        File.Move(temporary, path, overwrite: true);
    }

    private string BucketFolder(string bucket) => Path.Combine(_root, bucket);

    private string EntryFolder(string bucket, string entry) => Path.Combine(_root, bucket, Uri.EscapeDataString(entry));

    private string RecordPath(string bucket, string entry, ulong timestamp, string suffix) =>
        Path.Combine(EntryFolder(bucket, entry), timestamp.ToString(CultureInfo.InvariantCulture) + suffix);
}
