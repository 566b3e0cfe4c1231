using System.Globalization;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>The <c>ts</c> query parameter of the single-record endpoints.</summary>
internal static class TimestampQuery
{
    /// <summary>Returns <c>ts</c>, or null when it is absent.</summary>
    /// <exception cref="ReductErrorException">422 when it is not a u64.</exception>
    public static ulong? Read(HttpRequest request)
    {
        if (!request.Query.TryGetValue("ts", out var values) || values.Count == 0)
        {
            return null;
        }

        return ulong.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            ? timestamp
            : throw ReductErrorException.UnprocessableEntity("'ts' must be an unix timestamp in microseconds");
    }

    /// <exception cref="ReductErrorException">422 when <c>ts</c> is missing or not a u64.</exception>
    public static ulong Require(HttpRequest request) =>
        Read(request) ?? throw ReductErrorException.UnprocessableEntity("'ts' parameter is required");
}
