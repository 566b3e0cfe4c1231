using System.Net;

namespace Reduct.Client.Http;

/// <summary>A body streamed from an <see cref="IAsyncEnumerable{T}"/> of chunks with a declared total length.</summary>
internal sealed class AsyncChunksContent : ExactLengthContent
{
    private readonly IAsyncEnumerable<ReadOnlyMemory<byte>> _chunks;
    private readonly IProgress<long>? _progress;
    private int _used;

    public AsyncChunksContent(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, long length, IProgress<long>? progress)
        : base(length)
    {
        _chunks = chunks;
        _progress = progress;
    }

    public override bool CanSendAgain => Volatile.Read(ref _used) == 0;

    public override string ReplayRefusal =>
        "The body comes from an IAsyncEnumerable of chunks that was already read, and cannot be sent a second time.";

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // An enumerable may not be replayable, so a second send (a redirect, a retry) must not silently re-enumerate it.
        if (Interlocked.Exchange(ref _used, 1) != 0)
        {
            throw new InvalidOperationException("The chunk source of this record was already sent once and cannot be replayed.");
        }

        long sent = 0;
        IAsyncEnumerator<ReadOnlyMemory<byte>> chunks = _chunks.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (await MoveNextAsync(chunks).ConfigureAwait(false))
            {
                ReadOnlyMemory<byte> chunk = chunks.Current;
                long remaining = Length - sent;
                if (chunk.Length > remaining)
                {
                    throw SourceTooLong();
                }

                if (chunk.Length == remaining && remaining > 0)
                {
                    // Hold back the last byte: the producer may reuse its buffer once asked for the next chunk.
                    byte lastByte = chunk.Span[^1];
                    await stream.WriteAsync(chunk[..^1], cancellationToken).ConfigureAwait(false);
                    sent += chunk.Length - 1;
                    await EnsureNoMoreDataAsync(chunks).ConfigureAwait(false);
                    await stream.WriteAsync(new[] { lastByte }, cancellationToken).ConfigureAwait(false);
                    _progress?.Report(Length);
                    return;
                }

                await stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                sent += chunk.Length;
                if (chunk.Length > 0)
                {
                    _progress?.Report(sent);
                }
            }

            if (sent != Length)
            {
                throw SourceTooShort(sent);
            }
        }
        finally
        {
            await chunks.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task EnsureNoMoreDataAsync(IAsyncEnumerator<ReadOnlyMemory<byte>> chunks)
    {
        while (await MoveNextAsync(chunks).ConfigureAwait(false))
        {
            if (!chunks.Current.IsEmpty)
            {
                throw SourceTooLong();
            }
        }
    }

    private async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<ReadOnlyMemory<byte>> chunks)
    {
        try
        {
            return await chunks.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SourceFailure = ex;
            throw;
        }
    }
}
