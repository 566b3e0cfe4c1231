using System.Globalization;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// Header parsing of batch protocol v1: <c>x-reduct-time-&lt;TS&gt;: LEN,[CT][,labels]</c>, one per
/// record, body in ascending timestamp order.
/// </summary>
internal static class BatchProtocolV1
{
    private const string DefaultContentType = "application/octet-stream";

    /// <summary>
    /// Finds the record headers and orders them by timestamp. A repeated header counts once, with
    /// its first value.
    /// </summary>
    /// <exception cref="ReductErrorException">422 for a name whose suffix is not a timestamp.</exception>
    public static SortedDictionary<ulong, string> CollectTimeHeaders(IHeaderDictionary headers)
    {
        var records = new SortedDictionary<ulong, string>();
        foreach (var header in headers)
        {
            if (!header.Key.StartsWith(ReductHeaders.TimePrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var suffix = header.Key.AsSpan(ReductHeaders.TimePrefix.Length);
            if (!ulong.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            {
                throw ReductErrorException.UnprocessableEntity(
                    $"Invalid header '{header.Key.ToLowerInvariant()}': must be an unix timestamp in microseconds");
            }

            records.TryAdd(timestamp, header.Value.Count > 0 ? header.Value[0] ?? string.Empty : string.Empty);
        }

        return records;
    }

    /// <summary>Parses <c>LEN,[CT][,labels]</c>.</summary>
    /// <exception cref="ReductErrorException">422 with the server's messages.</exception>
    public static BatchedRecordHeader ParseValue(string value)
    {
        if (!HeaderText.IsVisibleAscii(value))
        {
            throw ReductErrorException.UnprocessableEntity("Malformed header received: failed to convert header to a str");
        }

        var firstComma = value.IndexOf(',', StringComparison.Ordinal);
        if (firstComma < 0)
        {
            throw ReductErrorException.UnprocessableEntity("Invalid batched header");
        }

        if (!long.TryParse(value.AsSpan(0, firstComma).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw ReductErrorException.UnprocessableEntity("Invalid content length");
        }

        var rest = value[(firstComma + 1)..];
        string contentType;
        string labelText;
        var secondComma = rest.IndexOf(',', StringComparison.Ordinal);
        if (secondComma < 0)
        {
            contentType = rest;
            labelText = string.Empty;
        }
        else
        {
            contentType = rest[..secondComma];
            labelText = rest[(secondComma + 1)..];
        }

        // The emptiness test comes before trimming, as on the real server: " " is kept as "".
        contentType = contentType.Length == 0 ? DefaultContentType : contentType.Trim();
        return new BatchedRecordHeader(length, contentType, ParseLabels(labelText));
    }

    /// <summary>
    /// <c>key=value</c> pairs separated by commas; a value may be quoted to contain commas. Text
    /// without <c>=</c> after the last pair is ignored. Empty values are kept.
    /// </summary>
    private static Dictionary<string, string> ParseLabels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = text;
        while (true)
        {
            var equals = rest.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                break;
            }

            var key = rest[..equals].Trim();
            var value = rest[(equals + 1)..];
            if (value.StartsWith('"'))
            {
                var closing = value.IndexOf('"', 1);
                if (closing < 0)
                {
                    throw ReductErrorException.UnprocessableEntity("Invalid batched header");
                }

                labels[key] = value[1..closing].Trim();
                rest = value[(closing + 1)..].TrimStart(',').Trim();
            }
            else
            {
                var comma = value.IndexOf(',', StringComparison.Ordinal);
                if (comma < 0)
                {
                    labels[key] = value.Trim();
                    break;
                }

                labels[key] = value[..comma].Trim();
                rest = value[(comma + 1)..].Trim();
            }
        }

        return labels;
    }
}
