using System.Globalization;
using System.Text;

namespace Reduct.Client.Protocol;

/// <summary>
/// Header encoding of the single-entry batch protocol v1 (spec §6.2):
/// <c>x-reduct-time-&lt;TS&gt;: &lt;LEN&gt;,[&lt;CT&gt;][,&lt;labels&gt;]</c>, bodies in ascending time order.
/// </summary>
internal static class BatchV1Encoder
{
    public const string TimeHeaderPrefix = "x-reduct-time-";

    /// <summary>Encodes one request for one entry; <paramref name="records"/> must be in ascending time order.</summary>
    public static EncodedBatchRequest Encode(ArraySegment<PendingRecord> records)
    {
        var headers = new List<KeyValuePair<string, string>>(records.Count);
        long bodyLength = 0;
        PendingRecord previous = default;
        string? previousValue = null;
        foreach (PendingRecord record in records)
        {
            // Records of a stream mostly share their length and metadata objects: their value text is the same.
            string value = previousValue is not null && previous.Length == record.Length && previous.SharesMetadataObjectsWith(record)
                ? previousValue
                : HeaderValue(record);
            headers.Add(new(HeaderName(record.Timestamp), value));
            bodyLength += record.Length;
            previous = record;
            previousValue = value;
        }

        return new EncodedBatchRequest
        {
            Headers = headers,
            Records = records,
            BodyLength = bodyLength,
            EntryIndexes = records.Count == 0 ? [] : [records[0].EntryIndex],
            StartTimestamp = 0,
        };
    }

    public static string HeaderName(ulong timestamp) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeHeaderPrefix}{timestamp}");

    /// <summary>
    /// The header value of a record. The comma after the length is always written (a bare length is refused);
    /// an empty content type means <c>application/octet-stream</c>; labels are written in the order they were added.
    /// </summary>
    public static string HeaderValue(in PendingRecord record)
    {
        var builder = new StringBuilder(32);
        builder.Append(record.Length.ToString(CultureInfo.InvariantCulture)).Append(',');
        if (record.ContentType is not null && record.ContentType != SingleRecordMessages.DefaultContentType)
        {
            builder.Append(record.ContentType);
        }

        if (record.Labels is { Count: > 0 } labels)
        {
            foreach (KeyValuePair<string, string> label in labels)
            {
                builder.Append(',').Append(label.Key).Append('=');
                LabelEncoding.AppendBatchValue(builder, label.Value);
            }
        }

        return builder.ToString();
    }

    /// <summary>Upper bound of the bytes a record adds to the request head (name, ": ", value, CRLF).</summary>
    public static int HeaderCost(in PendingRecord record)
    {
        int cost = TimeHeaderPrefix.Length + 20 + 2 + 11 + 1 + (record.ContentType?.Length ?? 0) + 2;
        if (record.Labels is not null)
        {
            foreach (KeyValuePair<string, string> label in record.Labels)
            {
                cost += label.Key.Length + 2 + LabelEncoding.MaxBatchValueLength(label.Value);
            }
        }

        return cost;
    }
}
