using System.IO.Compression;
using Microsoft.Net.Http.Headers;
using Reduct.Client.Testing.Hosting;

namespace Reduct.Client.Testing.Http;

/// <summary>
/// Request bodies sent with <c>Content-Encoding</c>, decoded as ReductStore 1.21 decodes them (write spec §6.3):
/// gzip and zstd bodies reach the endpoints decoded, without <c>Content-Length</c> (the decoded size is unknown), so
/// a batch or a single write then needs <c>x-reduct-content-length</c>; any other encoding is answered 415 by the
/// decompression layer, with no <c>x-reduct-error</c>. Servers before 1.21 have no such layer: they take the
/// encoded bytes as the body, and so does this server when it emulates them.
/// </summary>
internal static class RequestBodyDecoding
{
    /// <summary>Replaces an encoded body with its decoding; false when the encoding is refused (nothing was answered yet).</summary>
    public static bool TryDecode(HttpContext context, ApiVersion version, ReductTestStatistics statistics)
    {
        HttpRequest request = context.Request;
        string? encoding = request.Headers.ContentEncoding;
        if (!version.DecodesRequestBodies || string.IsNullOrEmpty(encoding) || IsIdentity(encoding))
        {
            return true;
        }

        Stream wire = new CountingReadStream(request.Body, statistics.AddEncodedBodyBytes);
        Stream? decoded = encoding.Trim().ToLowerInvariant() switch
        {
            "gzip" or "x-gzip" => new GZipStream(wire, CompressionMode.Decompress),
            "zstd" => new ZstdSharp.DecompressionStream(wire),
            _ => null,
        };
        if (decoded is null)
        {
            return false;
        }

        statistics.EncodedRequestStarted();
        request.Body = new CountingReadStream(decoded, statistics.AddDecodedBodyBytes);
        request.ContentLength = null;
        request.Headers.Remove(HeaderNames.ContentEncoding);
        context.Response.RegisterForDispose(decoded);
        return true;
    }

    /// <summary>The decompression layer's refusal of an encoding it does not know.</summary>
    public static Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        return Task.CompletedTask;
    }

    private static bool IsIdentity(string encoding) => encoding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase);
}
