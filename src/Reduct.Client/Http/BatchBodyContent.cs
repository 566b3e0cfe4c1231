using System.Buffers;
using System.Net;
using Reduct.Client.Protocol;

namespace Reduct.Client.Http;

/// <summary>
/// The body of a batch request: the record bodies, in the order the protocol wants.
/// Replayable, so the request can be sent again after a split or a retry.
/// </summary>
internal sealed class BatchBodyContent : HttpContent
{
    // Small bodies are gathered into one pooled buffer so that each record does not cost a write call.
    private const int CoalesceLimit = 1024 * 1024;

    private readonly ArraySegment<PendingRecord> _records;
    private readonly long _length;

    public BatchBodyContent(ArraySegment<PendingRecord> records, long length)
    {
        _records = records;
        _length = length;
        // No Content-Type: the server ignores it for batches, and it would cost 40 bytes per request.
        Headers.ContentLength = length;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_length <= CoalesceLimit)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(_length, 1));
            try
            {
                int offset = 0;
                foreach (PendingRecord record in _records)
                {
                    record.Body.Span.CopyTo(buffer.AsSpan(offset));
                    offset += record.Length;
                }

                await stream.WriteAsync(buffer.AsMemory(0, offset), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return;
        }

        foreach (PendingRecord record in _records)
        {
            await stream.WriteAsync(record.Body, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
