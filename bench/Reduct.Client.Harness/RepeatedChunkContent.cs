using System.Net;

namespace Reduct.Client.Harness;

/// <summary>
/// A body of a known length written from one chunk over and over, as an application streams a large record
/// from a source it reads piece by piece: the body is never in memory whole.
/// </summary>
internal sealed class RepeatedChunkContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _chunk;
    private readonly long _length;

    public RepeatedChunkContent(ReadOnlyMemory<byte> chunk, long length)
    {
        _chunk = chunk;
        _length = length;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        for (long sent = 0; sent < _length; sent += _chunk.Length)
        {
            await stream.WriteAsync(_chunk[..(int)Math.Min(_chunk.Length, _length - sent)], cancellationToken);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
