using System.Globalization;
using System.Net;

namespace Reduct.Client.Http;

/// <summary>
/// Request content streamed from a caller's source with a <c>Content-Length</c> declared up front.
/// </summary>
/// <remarks>
/// The server reserves the declared size before it reads the body, so the body must match it exactly. A source
/// that runs short or long aborts the request before the last declared byte is sent: the server sees a broken
/// upload (and stores nothing readable) instead of a complete record with the wrong content. To notice a
/// source that runs long in time, the last byte of the body is held back until the source has been asked for
/// more and has none.
/// </remarks>
internal abstract class ExactLengthContent : HttpContent
{
    protected ExactLengthContent(long length)
    {
        Length = length;
        Headers.ContentLength = length;
    }

    /// <summary>The declared body length.</summary>
    public long Length { get; }

    /// <summary>
    /// True when the body can be sent (again): the source can be replayed, or nothing has been read from it yet.
    /// A retry is made only while this holds.
    /// </summary>
    public abstract bool CanSendAgain { get; }

    /// <summary>Why the body cannot be sent again, for the message of a failure that was therefore not retried.</summary>
    public abstract string ReplayRefusal { get; }

    /// <summary>The failure of the caller's source, if reading it threw; surfaced to the caller as it is.</summary>
    public Exception? SourceFailure { get; protected set; }

    /// <summary>
    /// Writes the body to the connection's stream for one attempt, restarting <paramref name="timeout"/> after every
    /// completed write.
    /// </summary>
    /// <remarks>
    /// The attempt calls this directly rather than wrapping the connection's stream in one that reports progress: a
    /// record of 1 GiB is tens of thousands of writes, and a wrapping stream adds an async method to each of them (a
    /// state machine, a heap box whenever the socket is not ready, and more code for the runtime to tier up while
    /// the upload runs).
    /// </remarks>
    /// <param name="stream">The connection's body stream.</param>
    /// <param name="timeout">The attempt's no-progress timeout; null when the request has none.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    internal abstract Task WriteBodyAsync(Stream stream, NoProgressTimeout? timeout, CancellationToken cancellationToken);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        WriteBodyAsync(stream, timeout: null, CancellationToken.None);

    protected sealed override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        WriteBodyAsync(stream, timeout: null, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = Length;
        return true;
    }

    protected ContentLengthMismatchException SourceTooShort(long produced) => new(string.Create(CultureInfo.InvariantCulture,
        $"The content source ended after {produced} bytes, but the declared content length is {Length}; the upload was aborted and no record was stored."));

    protected ContentLengthMismatchException SourceTooLong() => new(string.Create(CultureInfo.InvariantCulture,
        $"The content source yielded more than the declared content length of {Length} bytes; the upload was aborted and no record was stored."));
}

/// <summary>A streamed body did not match its declared length.</summary>
internal sealed class ContentLengthMismatchException(string message) : IOException(message);
