using System.Text;
using Reduct.Client.Ingestion.Buffering;
using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>
/// One entry of an <see cref="IngestionWriter"/>, with the metadata that does not change declared once:
/// each record written through it costs only a timestamp and its bytes. Get one from
/// <see cref="IngestionWriter.OpenEntry"/>; thread-safe; dispose it to close the entry.
/// </summary>
public sealed class EntryWriter : IDisposable
{
    private readonly IngestionWriter _owner;
    private volatile bool _closed;

    internal EntryWriter(IngestionWriter owner, string name, string? contentType, IReadOnlyDictionary<string, string>? labels)
    {
        _owner = owner;
        Name = name;
        ContentType = contentType;
        FixedLabels = labels;
        Collected = new CollectedEntry(name, contentType);
    }

    /// <summary>The entry name.</summary>
    public string Name { get; }

    /// <summary>The content type of every record, or null for <c>application/octet-stream</c>.</summary>
    public string? ContentType { get; }

    /// <summary>The labels of every record written without labels of its own.</summary>
    public IReadOnlyDictionary<string, string> Labels => FixedLabels ?? EmptyLabels;

    internal IReadOnlyDictionary<string, string>? FixedLabels { get; }

    internal bool IsClosed => _closed;

    /// <summary>The entry as the in-memory writer collects it.</summary>
    internal CollectedEntry Collected { get; }

    private static IReadOnlyDictionary<string, string> EmptyLabels { get; } = new Dictionary<string, string>();

    /// <summary>
    /// Queues a record with the entry's content type and labels. Returns once the record is buffered (the
    /// body is copied); it is sent in the background. Waits while the writer's buffer is full, unless the
    /// writer fails fast.
    /// </summary>
    /// <param name="timestamp">The record's timestamp.</param>
    /// <param name="data">The body; copied, so the buffer can be reused at once.</param>
    /// <param name="cancellationToken">Cancels waiting for room in the buffer.</param>
    /// <exception cref="ObjectDisposedException">The entry or the writer was closed.</exception>
    /// <exception cref="ArgumentException">
    /// A record of this entry at this timestamp waits in the request being collected (an earlier one already sent
    /// is answered by the server with 409, reported through <see cref="IngestionWriterOptions.OnFailure"/>), or the
    /// body is larger than the writer's buffer.
    /// </exception>
    /// <exception cref="IngestionBufferFullException">The buffer is full and the writer fails fast.</exception>
    public ValueTask WriteAsync(ReductTimestamp timestamp, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        _owner.EnqueueAsync(this, timestamp, data, FixedLabels, cancellationToken);

    /// <summary>Queues a record whose body is a string, sent as UTF-8, with the entry's content type and labels.</summary>
    /// <param name="timestamp">The record's timestamp.</param>
    /// <param name="data">The body.</param>
    /// <param name="cancellationToken">Cancels waiting for room in the buffer.</param>
    /// <inheritdoc cref="WriteAsync(ReductTimestamp, ReadOnlyMemory{byte}, CancellationToken)"/>
    public ValueTask WriteAsync(ReductTimestamp timestamp, string data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return WriteAsync(timestamp, Encoding.UTF8.GetBytes(data), cancellationToken);
    }

    /// <summary>
    /// Queues a record with labels of its own instead of the entry's labels. On the wire only the
    /// difference to the previous record of the entry is sent.
    /// </summary>
    /// <param name="timestamp">The record's timestamp.</param>
    /// <param name="data">The body; copied.</param>
    /// <param name="labels">The record's labels (all of them, not a difference).</param>
    /// <param name="cancellationToken">Cancels waiting for room in the buffer.</param>
    /// <inheritdoc cref="WriteAsync(ReductTimestamp, ReadOnlyMemory{byte}, CancellationToken)"/>
    public ValueTask WriteAsync(ReductTimestamp timestamp, ReadOnlyMemory<byte> data, Labels labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return _owner.EnqueueAsync(this, timestamp, data, LabelSnapshot.Of(labels, nameof(labels)), cancellationToken);
    }

    /// <summary>Closes the entry: later writes through this handle fail. Records already queued are still sent.</summary>
    public void Dispose()
    {
        _closed = true;
        _owner.Close(this);
    }

    /// <summary>Describes the entry.</summary>
    public override string ToString() => $"EntryWriter {{ Name = {Name} }}";
}
