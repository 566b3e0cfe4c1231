using System.Globalization;
using System.Text;
using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>
/// Records of any number of entries to write together with <see cref="Bucket.WriteBatchAsync(RecordBatch, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// On servers with API 1.18 or newer the batch travels with the multi-entry batch protocol v2, which sends
/// the entry names once per request and each record's content type and labels only when they change; on
/// older servers it is sent as one v1 batch per entry. Either way the result has the same shape. Bodies are
/// copied when added; the batch is not thread-safe.
/// </remarks>
public sealed class RecordBatch
{
    private readonly RecordBuffer _records = new();
    private readonly List<string> _entries = [];
    private readonly Dictionary<string, int> _entryIndexes = new(StringComparer.Ordinal);
    private CheckedContentType _contentType;

    // The entry of the last record added: producers add runs of records to one entry, which then skip the lookup.
    private string? _lastEntry;
    private int _lastEntryIndex;

    /// <summary>Number of records in the batch.</summary>
    public int Count => _records.Count;

    /// <summary>Total size of the record bodies in bytes.</summary>
    public long TotalSize => _records.TotalSize;

    /// <summary>The entries that have records in the batch, in the order they were first added.</summary>
    public IReadOnlyList<string> Entries => _entries;

    /// <summary>When a record was last added (UTC, to within a few milliseconds); null while the batch is empty.</summary>
    public DateTimeOffset? LastAccessTime => _records.LastAddTime;

    internal RecordBuffer Records => _records;

    /// <summary>Adds a record.</summary>
    /// <param name="entry">Entry name.</param>
    /// <param name="timestamp">The record's timestamp; at most one record per entry and timestamp.</param>
    /// <param name="data">The body (may be empty); copied into the batch.</param>
    /// <param name="contentType">Content type, or null for <c>application/octet-stream</c>.</param>
    /// <param name="labels">Labels, or null. Batched values cannot contain <c>"</c> or be empty.</param>
    /// <exception cref="ArgumentException">
    /// The entry name is not allowed, the entry already has a record at <paramref name="timestamp"/>, or the
    /// content type or labels cannot be batched.
    /// </exception>
    public void Add(string entry, ReductTimestamp timestamp, ReadOnlySpan<byte> data, string? contentType = null, Labels? labels = null)
    {
        // An entry already in the batch passed the name rules when it was added: only new names are checked.
        ArgumentNullException.ThrowIfNull(entry);
        int entryIndex = _lastEntryIndex;
        bool isNewEntry = !ReferenceEquals(entry, _lastEntry) && !_entryIndexes.TryGetValue(entry, out entryIndex);
        if (isNewEntry)
        {
            NameRules.ValidateEntryName(entry, nameof(entry));
            entryIndex = _entries.Count;
        }

        _contentType.Validate(contentType, nameof(contentType));
        IReadOnlyDictionary<string, string>? snapshot = LabelSnapshot.Of(labels, nameof(labels));

        if (!_records.TryAdd(entryIndex, timestamp.Microseconds, data, contentType, snapshot))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The batch already has a record of entry '{entry}' at timestamp {timestamp.Microseconds}; the second one would be lost."),
                nameof(timestamp));
        }

        if (isNewEntry)
        {
            _entryIndexes.Add(entry, entryIndex);
            _entries.Add(entry);
        }

        _lastEntry = entry;
        _lastEntryIndex = entryIndex;
    }

    /// <summary>Adds a record whose body is a string, sent as UTF-8.</summary>
    /// <inheritdoc cref="Add(string, ReductTimestamp, ReadOnlySpan{byte}, string?, Labels?)"/>
    public void Add(string entry, ReductTimestamp timestamp, string data, string? contentType = null, Labels? labels = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Add(entry, timestamp, Encoding.UTF8.GetBytes(data), contentType, labels);
    }

    /// <summary>Removes every record.</summary>
    public void Clear()
    {
        _records.Clear();
        _entries.Clear();
        _entryIndexes.Clear();
        _lastEntry = null;
    }
}
