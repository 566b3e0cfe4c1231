namespace Reduct.Client.Tests.Resilience;

/// <summary>The ways the SDK writes records; each fault of the matrix is tried against each.</summary>
public enum WritePath
{
    /// <summary><c>WriteAsync</c> from memory, one record per request.</summary>
    Bytes,

    /// <summary><c>WriteAsync</c> from a stream that can seek (replayable).</summary>
    SeekableStream,

    /// <summary><c>WriteAsync</c> from a stream that cannot seek (read once).</summary>
    NonSeekableStream,

    /// <summary><c>WriteAsync</c> from an <see cref="IAsyncEnumerable{T}"/> of chunks (read once).</summary>
    Chunks,

    /// <summary>A <see cref="Batch"/> of one entry, on a server that speaks only batch protocol v1 (API 1.17).</summary>
    BatchV1,

    /// <summary>A <see cref="RecordBatch"/> of two entries, batch protocol v2 (API 1.21).</summary>
    RecordBatchV2,

    /// <summary>The background <see cref="IngestionWriter"/>, two entries, flushed once (API 1.21).</summary>
    Writer,
}
