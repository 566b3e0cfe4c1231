using System.Buffers;
using System.IO.Compression;

namespace Reduct.Client.Protocol;

/// <summary>
/// The compressed form of a request body (write spec §6.3): gzip or zstd bytes, sent with <c>Content-Encoding</c>
/// and with the decoded size in <c>x-reduct-content-length</c>, since the server's decompression layer drops
/// <c>Content-Length</c> and a batch or single write must still declare its size. Servers decode such bodies from
/// API 1.21 on (<see cref="ApiFeature.CompressedBodies"/>); older ones would store the compressed bytes.
/// </summary>
internal static class BodyCompression
{
    /// <summary>The header that carries the decoded body size of a compressed request.</summary>
    public const string DecodedLengthHeader = "x-reduct-content-length";

    // zstd's default level, and gzip's: both favour ratio at a cost a gateway's CPU carries easily.
    private const int ZstdLevel = 3;

    // Bodies larger than this are not compressed in memory; batches are cut far below it (8 MB by default).
    private const int MaxCompressedInput = 64 * 1024 * 1024;

    [ThreadStatic]
    private static ZstdSharp.Compressor? t_zstd;

    /// <summary>The <c>Content-Encoding</c> token of a codec.</summary>
    public static string EncodingName(ReductCompression codec) => codec switch
    {
        ReductCompression.Gzip => "gzip",
        ReductCompression.Zstd => "zstd",
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Not a compression."),
    };

    /// <summary>True when a body of <paramref name="length"/> bytes is worth compressing with these settings.</summary>
    public static bool IsCandidate(ReductCompression codec, int minimumSize, long length) =>
        codec != ReductCompression.None && length >= minimumSize && length > 0 && length <= MaxCompressedInput;

    /// <summary>Compresses one body; null when the result would be no smaller than the body.</summary>
    public static ArraySegment<byte>? Compress(ReductCompression codec, ReadOnlySpan<byte> body)
    {
        ArraySegment<byte> compressed = codec switch
        {
            ReductCompression.Gzip => Gzip(body),
            ReductCompression.Zstd => Zstd(body),
            _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "Not a compression."),
        };
        return compressed.Count < body.Length ? compressed : (ArraySegment<byte>?)null;
    }

    /// <summary>Compresses the bodies of a batch, in body order, as one stream; null when that is no smaller.</summary>
    public static ArraySegment<byte>? Compress(ReductCompression codec, ArraySegment<PendingRecord> records, long length)
    {
        byte[] gathered = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            int offset = 0;
            foreach (PendingRecord record in records)
            {
                record.Body.Span.CopyTo(gathered.AsSpan(offset));
                offset += record.Length;
            }

            return Compress(codec, gathered.AsSpan(0, offset));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(gathered);
        }
    }

    private static ArraySegment<byte> Gzip(ReadOnlySpan<byte> body)
    {
        var output = new MemoryStream(body.Length / 2 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return new ArraySegment<byte>(output.GetBuffer(), 0, (int)output.Length);
    }

    private static ArraySegment<byte> Zstd(ReadOnlySpan<byte> body)
    {
        // A compression context is about a megabyte at this level: one per thread, reused.
        ZstdSharp.Compressor compressor = t_zstd ??= new ZstdSharp.Compressor(ZstdLevel);
        var output = new byte[ZstdSharp.Compressor.GetCompressBound(body.Length)];
        int written = compressor.Wrap(body, output);
        return new ArraySegment<byte>(output, 0, written);
    }
}
