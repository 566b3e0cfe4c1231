namespace Reduct.Client.Querying;

/// <summary>
/// One record's body inside a batched read's response: a read-only view of the next <c>length</c> bytes of the
/// response stream. The query moves past whatever the caller left unread (<see cref="SkipRestAsync"/>), so a
/// skipped record costs reading its bytes, never buffering them.
/// </summary>
internal sealed class RecordBodyStream : Stream
{
    private readonly Stream _response;
    private long _remaining;
    private bool _finished;

    public RecordBodyStream(Stream response, long length)
    {
        _response = response;
        _remaining = length;
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

        int read = await _response.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        return Consumed(read);
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
                    int read = await _response.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, _remaining)), cancellationToken).ConfigureAwait(false);
                    Consumed(read);
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
