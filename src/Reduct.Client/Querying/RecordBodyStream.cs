namespace Reduct.Client.Querying;

/// <summary>
/// One record's body inside a batched read's response: a read-only view of the next <c>length</c> bytes of the
/// response stream. The query moves past whatever the caller left unread (<see cref="SkipRestAsync"/>), so a
/// skipped record costs reading its bytes, never buffering them.
/// </summary>
internal sealed class RecordBodyStream : Stream
{
    private readonly Stream _response;
    private readonly BodyReadDeadline? _deadline;
    private long _remaining;
    private bool _finished;

    public RecordBodyStream(Stream response, long length, BodyReadDeadline? deadline)
    {
        _response = response;
        _remaining = length;
        _deadline = deadline;
    }

    public override bool CanRead => !_finished;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("The body is streamed; its length is the record's Length.");

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfFinished();
        if (_remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        int read = _response.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        return Consumed(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfFinished();
        if (_remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        return Consumed(await ReadResponseAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads and drops what the caller left of the body, then closes the view: the next record starts after it.</summary>
    public async ValueTask SkipRestAsync(CancellationToken cancellationToken)
    {
        if (_remaining > 0)
        {
            byte[] scratch = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min(_remaining, 64 * 1024));
            try
            {
                while (_remaining > 0)
                {
                    Consumed(await ReadResponseAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, _remaining)), cancellationToken).ConfigureAwait(false));
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
            }
        }

        _finished = true;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Reads from the response under the no-progress timeout, if the client has one.</summary>
    private async ValueTask<int> ReadResponseAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_deadline is null)
        {
            return await _response.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        CancellationToken token = _deadline.Start();
        CancellationTokenSource? linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(token, cancellationToken) : null;
        try
        {
            return await _response.ReadAsync(buffer, linked?.Token ?? token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (_deadline.HasFired && !cancellationToken.IsCancellationRequested)
        {
            throw new ReductException(ReductException.Timeout,
                $"The batch response made no progress for {_deadline.Timeout.TotalSeconds:0.###} s while a record's body was read; the query's records in it are lost: run the query again from the last record received.",
                ex);
        }
        finally
        {
            _deadline.Stop();
            linked?.Dispose();
        }
    }

    private int Consumed(int read)
    {
        if (read == 0)
        {
            // The response ended before the length its header announced: the server broke off.
            throw new ReductException(ReductException.ConnectionFailed,
                $"The batch response ended {_remaining} bytes before the end of a record's body.");
        }

        _remaining -= read;
        return read;
    }

    private void ThrowIfFinished() =>
        ObjectDisposedException.ThrowIf(_finished, typeof(RecordBodyStream));
}
