using System.Buffers;

namespace Reduct.Client.Http;

/// <summary>A body copied from a caller's <see cref="Stream"/> through a pooled buffer, with a declared length.</summary>
internal sealed class StreamSourceContent : ExactLengthContent
{
    private const int BufferSize = 81920;

    private readonly Stream _source;
    private readonly IProgress<long>? _progress;
    private readonly long _startPosition;
    private int _sendCount;
    private Task? _currentSend;

    public StreamSourceContent(Stream source, long length, IProgress<long>? progress)
        : base(length)
    {
        _source = source;
        _progress = progress;
        _startPosition = source.CanSeek ? source.Position : -1;
    }

    /// <summary>True when the body can be sent again (the stream can seek back to where it started).</summary>
    public bool IsReplayable => _startPosition >= 0;

    public override bool CanSendAgain => IsReplayable || Volatile.Read(ref _sendCount) == 0;

    public override string ReplayRefusal =>
        "The body comes from a stream that cannot seek and was already read, so it cannot be sent a second time.";

    internal override async Task WriteBodyAsync(Stream stream, NoProgressTimeout? timeout, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _sendCount) > 1)
        {
            if (!IsReplayable)
            {
                throw new InvalidOperationException("The stream of this record cannot seek, so its body cannot be sent a second time.");
            }

            // A connection that answered early may still be finishing the previous attempt's copy; the stream has
            // one position, so wait for that copy to stop before rewinding.
            Task? previous = Volatile.Read(ref _currentSend);
            if (previous is not null)
            {
                await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            _source.Position = _startPosition;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _currentSend, done.Task);
        try
        {
            await CopyAsync(stream, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            done.SetResult();
        }
    }

    private async Task CopyAsync(Stream stream, NoProgressTimeout? timeout, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(BufferSize, Math.Max(Length, 1)));
        try
        {
            long sent = 0;
            while (true)
            {
                long remaining = Length - sent;
                if (remaining == 0)
                {
                    await EnsureEndOfStreamAsync(buffer, cancellationToken).ConfigureAwait(false);
                    return;
                }

                int read = await ReadSourceAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw SourceTooShort(sent);
                }

                if (read == remaining)
                {
                    // Hold back the last byte until the stream is known to end (see ExactLengthContent).
                    await stream.WriteAsync(buffer.AsMemory(0, read - 1), cancellationToken).ConfigureAwait(false);
                    timeout?.Touch();
                    byte lastByte = buffer[read - 1];
                    await EnsureEndOfStreamAsync(buffer, cancellationToken).ConfigureAwait(false);
                    buffer[0] = lastByte;
                    await stream.WriteAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false);
                    timeout?.Touch();
                    _progress?.Report(Length);
                    return;
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                timeout?.Touch();
                sent += read;
                _progress?.Report(sent);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task EnsureEndOfStreamAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        if (await ReadSourceAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) != 0)
        {
            throw SourceTooLong();
        }
    }

    private async ValueTask<int> ReadSourceAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SourceFailure = ex;
            throw;
        }
    }
}
