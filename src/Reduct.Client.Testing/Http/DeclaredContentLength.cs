using System.Globalization;

namespace Reduct.Client.Testing.Http;

/// <summary>The body size a write request announces: <c>Content-Length</c>, else <c>x-reduct-content-length</c>.</summary>
internal static class DeclaredContentLength
{
    /// <summary>Returns the declared size, or null when neither header is present.</summary>
    /// <param name="request">The request.</param>
    /// <param name="acceptReductHeader">Whether <c>x-reduct-content-length</c> is understood (1.20+).</param>
    /// <exception cref="ReductErrorException">422 when <c>x-reduct-content-length</c> is not a number.</exception>
    public static long? Read(HttpRequest request, bool acceptReductHeader)
    {
        // Kestrel has already rejected a malformed Content-Length with 400.
        if (request.ContentLength is { } contentLength)
        {
            return contentLength;
        }

        if (!acceptReductHeader || !request.Headers.TryGetValue(ReductHeaders.ContentLength, out var values) || values.Count == 0)
        {
            return null;
        }

        return long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw ReductErrorException.UnprocessableEntity($"{ReductHeaders.ContentLength} header must be a number");
    }

    /// <summary>Like <see cref="Read"/>, but a missing size is an error.</summary>
    public static long Require(HttpRequest request, bool acceptReductHeader) =>
        Read(request, acceptReductHeader) ?? throw ReductErrorException.UnprocessableEntity("content-length header is required");
}
