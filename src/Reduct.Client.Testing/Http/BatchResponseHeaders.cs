using System.Globalization;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Http;

/// <summary>The headers of a batch answer: per-record errors (<c>STATUS,MESSAGE</c>) and the v2 echo of entries and start.</summary>
internal static class BatchResponseHeaders
{
    /// <summary><c>x-reduct-error-&lt;TS&gt;</c> of a v1 batch.</summary>
    public static void AddV1Error(HttpResponse response, ulong timestamp, ReductErrorException error) =>
        response.Headers[ReductHeaders.ErrorPrefix + timestamp.ToString(CultureInfo.InvariantCulture)] = ValueOf(error);

    /// <summary><c>x-reduct-error-&lt;I&gt;-&lt;D&gt;</c> of a v2 batch.</summary>
    public static void AddV2Error(HttpResponse response, int entryIndex, ulong delta, ReductErrorException error) =>
        response.Headers[string.Create(CultureInfo.InvariantCulture, $"{ReductHeaders.ErrorPrefix}{entryIndex}-{delta}")] = ValueOf(error);

    /// <summary>
    /// <c>x-reduct-entries</c> (decoded and encoded again, so <c>/</c> comes back as <c>%2F</c>; left out when there
    /// are none) and <c>x-reduct-start-ts</c> of a v2 answer.
    /// </summary>
    public static void AddV2Echo(HttpResponse response, IReadOnlyList<string> entries, ulong startTimestamp)
    {
        if (entries.Count > 0)
        {
            response.Headers[ReductHeaders.Entries] = string.Join(',', entries.Select(HeaderValuePercentEncoding.Encode));
        }

        response.Headers[ReductHeaders.StartTs] = startTimestamp.ToString(CultureInfo.InvariantCulture);
    }

    private static string ValueOf(ReductErrorException error) =>
        string.Create(CultureInfo.InvariantCulture, $"{error.Status},{error.Message}");
}
