using Reduct.Client.Protocol;

namespace Reduct.Client.Http;

/// <summary>
/// A compressed request body (<see cref="BodyCompression"/>) with its <c>Content-Encoding</c> and the decoded size in
/// <c>x-reduct-content-length</c>. Held in memory, so every attempt of the request sends the same bytes.
/// </summary>
internal sealed class CompressedBodyContent : ByteArrayContent
{
    public CompressedBodyContent(ArraySegment<byte> compressed, ReductCompression codec, long decodedLength)
        : base(compressed.Array!, compressed.Offset, compressed.Count)
    {
        Headers.ContentEncoding.Add(BodyCompression.EncodingName(codec));
        Headers.TryAddWithoutValidation(BodyCompression.DecodedLengthHeader, decodedLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
