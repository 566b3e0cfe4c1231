using System.Globalization;

namespace Reduct.Client.Protocol;

/// <summary>
/// The head of a single-record write and of a single-record read (spec §1): the record's content type travels as
/// <c>Content-Type</c>, each label as one header (see <see cref="LabelEncoding"/>), the timestamp in the path of a
/// write and in <c>x-reduct-time</c> of a read.
/// </summary>
internal static class SingleRecordMessages
{
    /// <summary>The content type the server stores for a record written without one.</summary>
    public const string DefaultContentType = "application/octet-stream";

    /// <summary>The header of a read response that carries the record's timestamp.</summary>
    public const string TimeHeader = "x-reduct-time";

    /// <summary>The <c>Content-Type</c> a write sends.</summary>
    public static string ContentTypeOf(RecordWriteOptions? options) => options?.ContentType ?? DefaultContentType;

    /// <summary>The headers a write sends besides its content headers: one per label; null when there are none.</summary>
    public static List<KeyValuePair<string, string>>? WriteHeaders(RecordWriteOptions? options)
    {
        if (options?.Labels is not { Count: > 0 } labels)
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>(labels.Count);
        LabelEncoding.AddHeaders(headers, labels);
        return headers;
    }

    /// <summary>Reads the labels and the timestamp from the headers of a read response.</summary>
    /// <param name="headers">The response headers (not the content headers).</param>
    /// <param name="requested">The timestamp asked for: the record's own when the server does not say it.</param>
    public static (ReductTimestamp Timestamp, Dictionary<string, string> Labels) ReadHead(
        IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers, ReductTimestamp requested)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        ReductTimestamp timestamp = requested;
        foreach (KeyValuePair<string, IEnumerable<string>> header in headers)
        {
            if (LabelEncoding.TryReadHeaderName(header.Key, out string label))
            {
                labels[label] = string.Join(",", header.Value);
            }
            else if (string.Equals(header.Key, TimeHeader, StringComparison.OrdinalIgnoreCase)
                && ulong.TryParse(header.Value.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong microseconds))
            {
                timestamp = new ReductTimestamp(microseconds);
            }
        }

        return (timestamp, labels);
    }
}
