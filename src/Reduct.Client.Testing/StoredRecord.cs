using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing;

/// <summary>A committed record as the reference server stored it.</summary>
public sealed class StoredRecord
{
    private readonly RecordContent _content;

    internal StoredRecord(string entry, ulong timestamp, long length, string contentType, IReadOnlyDictionary<string, string> labels, string sha256, RecordContent content)
    {
        Entry = entry;
        Timestamp = timestamp;
        Length = length;
        ContentType = contentType;
        Labels = labels;
        Sha256 = sha256;
        _content = content;
    }

    /// <summary>Entry name (may contain <c>/</c>).</summary>
    public string Entry { get; }

    /// <summary>Timestamp in microseconds since the Unix epoch.</summary>
    public ulong Timestamp { get; }

    /// <summary>Body length in bytes.</summary>
    public long Length { get; }

    /// <summary>Content type as stored (<c>application/octet-stream</c> when none was sent).</summary>
    public string ContentType { get; }

    /// <summary>Labels as stored.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Lower-case hex SHA-256 of the body; available even when bodies are discarded.</summary>
    public string Sha256 { get; }

    /// <summary>Where the body lives, for streaming it into a response.</summary>
    internal RecordContent Content => _content;

    /// <summary>Returns a copy of the body.</summary>
    /// <exception cref="InvalidOperationException">The server runs with <see cref="ReductTestServerOptions.DiscardBodies"/>.</exception>
    public byte[] ReadData() => _content.ReadAll();
}
