using System.Buffers;
using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Http;

/// <summary>
/// Streams a request body through one pooled buffer, with the server's idle timeout, body-byte
/// accounting and the injected connection abort. Nothing is allocated per chunk, so uploads of
/// any size cost the same memory.
/// </summary>
internal sealed class RequestBodyReader : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private const string ShortBodyMessage = "Content is shorter than expected: no more data to read";

    private readonly HttpContext _context;
    private readonly Stream _body;
    private readonly TimeSpan _ioTimeout;
    private readonly ReductTestStatistics _statistics;
    private readonly CancellationTokenSource _timeout;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private long? _bytesUntilAbort;

    public RequestBodyReader(HttpContext context, TimeSpan ioTimeout, ReductTestStatistics statistics, long? abortAfterBytes)
    {
        _context = context;
        _body = context.Request.Body;
        _ioTimeout = ioTimeout > TimeSpan.FromMilliseconds(int.MaxValue) ? Timeout.InfiniteTimeSpan : ioTimeout;
        _statistics = statistics;
        _bytesUntilAbort = abortAfterBytes;
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
    }

    /// <summary>
    /// Moves exactly <paramref name="length"/> bytes into <paramref name="writer"/>, or reads and
    /// drops them when <paramref name="writer"/> is null (a record that failed its checks).
    /// </summary>
    /// <exception cref="BodyReadException">The body broke off.</exception>
    public async Task CopyAsync(RecordWriter? writer, long length)
    {
        var remaining = length;
        while (remaining > 0)
        {
            var read = await ReadChunkAsync((int)Math.Min(remaining, BufferSize)).ConfigureAwait(false);
            if (read == 0)
            {
                throw new BodyReadException(BodyFailure.TooShort, ShortBodyMessage);
            }

            writer?.Write(_buffer.AsSpan(0, read));
            remaining -= read;
        }
    }

    /// <summary>Whether the body has more bytes (only possible without Content-Length framing).</summary>
    public async Task<bool> HasMoreDataAsync()
    {
        var read = await ReadChunkAsync(1).ConfigureAwait(false);
        return read > 0;
    }

    /// <summary>Reads a small body (such as bucket settings JSON) completely.</summary>
    /// <exception cref="BodyReadException">The body broke off.</exception>
    public async Task<byte[]> ReadToEndAsync()
    {
        using var collected = new MemoryStream();
        int read;
        while ((read = await ReadChunkAsync(BufferSize).ConfigureAwait(false)) > 0)
        {
            collected.Write(_buffer.AsSpan(0, read));
        }

        return collected.ToArray();
    }

    /// <summary>Reads and drops the rest of the body, ignoring failures.</summary>
    public async Task DrainAsync()
    {
        try
        {
            while (await ReadChunkAsync(BufferSize).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (BodyReadException)
        {
            // Draining only keeps the connection usable; a broken body changes nothing.
        }
    }

    public void Dispose()
    {
        _timeout.Dispose();
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<int> ReadChunkAsync(int max)
    {
        if (_bytesUntilAbort is { } untilAbort)
        {
            if (untilAbort == 0)
            {
                throw new BodyReadException(BodyFailure.InjectedAbort, "Connection aborted by an injected fault");
            }

            max = (int)Math.Min(max, untilAbort);
        }

        int read;
        _timeout.CancelAfter(_ioTimeout);
        try
        {
            read = await _body.ReadAsync(_buffer.AsMemory(0, max), _timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!_context.RequestAborted.IsCancellationRequested)
        {
            throw new BodyReadException(BodyFailure.Timeout, "Timeout while receiving data", exception);
        }
        catch (OperationCanceledException exception)
        {
            throw new BodyReadException(BodyFailure.ConnectionLost, "Connection closed while receiving data", exception);
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel reports a body cut short by the peer ("Unexpected end of request content").
            throw new BodyReadException(BodyFailure.TooShort, ShortBodyMessage, exception);
        }
        catch (Exception exception) when (exception is InvalidDataException or ZstdSharp.ZstdException)
        {
            // A gzip or zstd body that does not decode (API 1.21+): the body stream fails, as a broken upload does.
            throw new BodyReadException(BodyFailure.Undecodable, $"Failed to decode the request body: {exception.Message}", exception);
        }
        catch (IOException exception)
        {
            throw new BodyReadException(BodyFailure.ConnectionLost, $"Connection closed while receiving data: {exception.Message}", exception);
        }
        finally
        {
            _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        }

        _statistics.AddBodyBytes(read);
        if (_bytesUntilAbort is not null)
        {
            _bytesUntilAbort -= read;
        }

        return read;
    }
}
