using System.Globalization;
using System.Text;
using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>
/// Records of one entry to write together with <see cref="Bucket.WriteBatchAsync(string, Batch, CancellationToken)"/>,
/// saving the HTTP overhead of one request per record.
/// </summary>
/// <remarks>
/// <para>The batch copies each body when it is added, so the caller may reuse its buffers at once. A batch is
/// not thread-safe; fill it from one thread, then send it. It can be sent again or cleared and refilled.</para>
/// <code>
/// var batch = new Batch();
/// batch.Add("2024-02-02T10:00:00", "Rec 1"u8.ToArray());
/// batch.Add("2024-02-02T10:00:01", "Rec 2"u8.ToArray(), contentType: "text/plain", labels: new Labels { ["n"] = 2 });
/// IReadOnlyDictionary&lt;ReductTimestamp, ReductException&gt; errors = await bucket.WriteBatchAsync("entry-2", batch);
/// </code>
/// </remarks>
public sealed class Batch
{
    private readonly RecordBuffer _records = new();
    private CheckedContentType _contentType;

    /// <summary>Number of records in the batch.</summary>
    public int Count => _records.Count;

    /// <summary>Total size of the record bodies in bytes.</summary>
    public long TotalSize => _records.TotalSize;

    /// <summary>When a record was last added (UTC, to within a few milliseconds); null while the batch is empty.</summary>
    public DateTimeOffset? LastAccessTime => _records.LastAddTime;

    internal RecordBuffer Records => _records;

    /// <summary>Adds a record.</summary>
    /// <param name="timestamp">The record's timestamp; at most one record per timestamp.</param>
    /// <param name="data">The body (may be empty); copied into the batch.</param>
    /// <param name="contentType">Content type, or null for <c>application/octet-stream</c>.</param>
    /// <param name="labels">Labels, or null. Batched values cannot contain <c>"</c> or be empty.</param>
    /// <exception cref="ArgumentException">
    /// The batch already has a record at <paramref name="timestamp"/>, or the content type or labels cannot be batched.
    /// </exception>
    public void Add(ReductTimestamp timestamp, ReadOnlySpan<byte> data, string? contentType = null, Labels? labels = null)
    {
        _contentType.Validate(contentType, nameof(contentType));
        IReadOnlyDictionary<string, string>? snapshot = LabelSnapshot.Of(labels, nameof(labels));
        if (!_records.TryAdd(0, timestamp.Microseconds, data, contentType, snapshot))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The batch already has a record at timestamp {timestamp.Microseconds}; a record is identified by its timestamp, so the second one would be lost."),
                nameof(timestamp));
        }
    }

    /// <summary>Adds a record whose body is a string, sent as UTF-8.</summary>
    /// <inheritdoc cref="Add(ReductTimestamp, ReadOnlySpan{byte}, string?, Labels?)"/>
    public void Add(ReductTimestamp timestamp, string data, string? contentType = null, Labels? labels = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Add(timestamp, Encoding.UTF8.GetBytes(data), contentType, labels);
    }

    /// <summary>Removes every record.</summary>
    public void Clear()
    {
        _records.Clear();
    }
}
