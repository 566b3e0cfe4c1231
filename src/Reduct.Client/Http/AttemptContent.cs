using System.Net;
using System.Net.Http.Headers;

namespace Reduct.Client.Http;

/// <summary>
/// The body of one attempt: forwards to the request's real content, which outlives the attempt so that a retry can
/// send it again, and reports each chunk written to a <see cref="NoProgressTimeout"/> (a streamed
/// <see cref="ExactLengthContent"/> reports its own writes; any other body is written through a reporting stream).
/// </summary>
/// <remarks>
/// A request message cannot be sent twice in .NET and disposing it disposes its content, so every attempt gets a
/// fresh message and this thin wrapper, and the real content is disposed only when the whole call is over.
/// </remarks>
internal sealed class AttemptContent : HttpContent
{
    private readonly HttpContent _inner;

    public AttemptContent(HttpContent inner, NoProgressTimeout? timeout)
    {
        _inner = inner;
        Timeout = timeout;
        // The non-validated view copies the text without parsing each value first.
        foreach (KeyValuePair<string, HeaderStringValues> header in inner.Headers.NonValidated)
        {
            // Content-Length comes from TryComputeLength, so that it is never sent twice.
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
    }

    /// <summary>
    /// The timeout this attempt's writes restart; set when the attempt starts if the message was built before it.
    /// </summary>
    public NoProgressTimeout? Timeout { get; set; }

    /// <summary>True once the handler began to send the body of this attempt.</summary>
    public bool BodyStarted { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        BodyStarted = true;
        Timeout?.Touch();
        if (_inner is ExactLengthContent streamed)
        {
            // A streamed body restarts the timeout after each of its own writes: a record of any size goes straight to
            // the connection's stream, with no wrapping stream (an async layer) on each chunk.
            return streamed.WriteBodyAsync(stream, Timeout, cancellationToken);
        }

        return _inner.CopyToAsync(Timeout is null ? stream : new ProgressStream(stream, Timeout), context, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        long? known = _inner.Headers.ContentLength;
        length = known ?? 0;
        return known.HasValue;
    }

    /// <summary>A write-only view of the connection's body stream that reports every completed write.</summary>
    private sealed class ProgressStream(Stream inner, NoProgressTimeout progress) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            progress.Touch();
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            progress.Touch();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            progress.Touch();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
