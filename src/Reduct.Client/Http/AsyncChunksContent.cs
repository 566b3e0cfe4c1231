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

    internal override async Task WriteBodyAsync(Stream stream, NoProgressTimeout? timeout, CancellationToken cancellationToken)
    {
        // An enumerable may not be replayable, so a second send (a redirect, a retry) must not silently re-enumerate it.
        if (Interlocked.Exchange(ref _used, 1) != 0)
        {
            throw new InvalidOperationException("The chunk source of this record was already sent once and cannot be replayed.");
        }

        // One loop with one await per chunk on each side (the source, the connection) and no helper methods: a
        // 1 GiB record is 16,384 chunks of 64 KiB, and every extra async layer per chunk showed in the client's CPU.
        long sent = 0;
        byte lastByte = 0;
        IAsyncEnumerator<ReadOnlyMemory<byte>> chunks = _chunks.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await chunks.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    SourceFailure = ex;
                    throw;
                }

                if (!more)
                {
                    break;
                }

                ReadOnlyMemory<byte> chunk = chunks.Current;
                if (chunk.IsEmpty)
                {
                    continue;
                }

                if (chunk.Length > Length - sent)
                {
                    throw SourceTooLong();
                }

                sent += chunk.Length;
                if (sent == Length)
                {
                    // Hold back the last byte until the source ends (see ExactLengthContent); copy it now, because the
                    // producer may reuse its buffer once asked for the next chunk.
                    lastByte = chunk.Span[^1];
                    chunk = chunk[..^1];
                }

                await stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                timeout?.Touch();
                if (sent < Length)
                {
                    _progress?.Report(sent);
                }
            }

            if (sent != Length)
            {
                throw SourceTooShort(sent);
            }

            if (Length > 0)
            {
                await stream.WriteAsync(new[] { lastByte }, cancellationToken).ConfigureAwait(false);
                timeout?.Touch();
                _progress?.Report(Length);
            }
        }
        finally
        {
            await chunks.DisposeAsync().ConfigureAwait(false);
        }
    }
}
