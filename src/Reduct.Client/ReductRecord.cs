namespace Reduct.Client;

/// <summary>
/// A record read from the server. Its body is streamed from the connection: read it through
/// <see cref="Content"/> or <see cref="ReadAllBytesAsync"/>, then dispose the record.
/// </summary>
public sealed class ReductRecord : IDisposable, IAsyncDisposable
{
    private readonly HttpResponseMessage? _response;

    internal ReductRecord(string entry, ReductTimestamp timestamp, string contentType, long length,
        IReadOnlyDictionary<string, string> labels, Stream content, HttpResponseMessage? response, bool isMetadataOnly = false)
    {
        IsMetadataOnly = isMetadataOnly;
        Entry = entry;
        Timestamp = timestamp;
        ContentType = contentType;
        Length = length;
        Labels = labels;
        Content = content;
        _response = response;
    }

    /// <summary>The entry the record belongs to.</summary>
    public string Entry { get; }

    /// <summary>The record's timestamp.</summary>
    public ReductTimestamp Timestamp { get; }

    /// <summary>The record's content type.</summary>
    public string ContentType { get; }

    /// <summary>Body length in bytes.</summary>
    public long Length { get; }

    /// <summary>The record's labels, as stored by the server.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The body, streamed from the server; readable once. Empty when <see cref="IsMetadataOnly"/>.</summary>
    public Stream Content { get; }

    /// <summary>
    /// True when the record was read without its body (a metadata-only query, <see cref="Bucket.ReadMetadataAsync"/>):
    /// <see cref="Length"/> is the body's length on the server, and <see cref="Content"/> is empty.
    /// </summary>
    public bool IsMetadataOnly { get; }

    /// <summary>Reads the whole body into an array.</summary>
    /// <exception cref="InvalidOperationException">The record was read without its body.</exception>
    public async Task<byte[]> ReadAllBytesAsync(CancellationToken cancellationToken = default)
    {
        if (IsMetadataOnly)
        {
            throw new InvalidOperationException("The record was read without its body (metadata only); read it with ReadAsync for its body.");
        }

        byte[] buffer = new byte[Length];
        await Content.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer;
    }

    /// <summary>Releases the connection.</summary>
    public void Dispose()
    {
        Content.Dispose();
        _response?.Dispose();
    }

    /// <summary>Releases the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _response?.Dispose();
    }
}
