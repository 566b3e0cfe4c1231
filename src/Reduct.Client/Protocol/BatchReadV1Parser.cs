using System.Globalization;

namespace Reduct.Client.Protocol;

/// <summary>
/// Reads the head of a v1 batched read (spec §2.5): one <c>x-reduct-time-&lt;TS&gt;: &lt;LEN&gt;,&lt;CT&gt;[,name=value]*</c>
/// per record, and <c>x-reduct-last</c>. The bodies follow in ascending timestamp order, whatever the header order.
/// </summary>
internal static class BatchReadV1Parser
{
    /// <summary>The header that says whether the query ended with this batch.</summary>
    public const string LastHeader = "x-reduct-last";

    /// <summary>The records of a response, in the order of their bodies.</summary>
    /// <param name="entry">The entry the query reads.</param>
    /// <param name="headers">The response headers, each with its whole value.</param>
    /// <param name="isLast">True when the server says the query has no more records.</param>
    /// <exception cref="FormatException">A record header cannot be read.</exception>
    public static List<QueryRecordHead> Parse(string entry, IEnumerable<KeyValuePair<string, string>> headers, out bool isLast)
    {
        isLast = false;
        var records = new List<QueryRecordHead>();
        string? previousValue = null;
        foreach (KeyValuePair<string, string> header in headers)
        {
            if (header.Key.StartsWith(BatchV1Encoder.TimeHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                QueryRecordHead? previous = records.Count > 0 ? records[^1] : null;
                records.Add(ParseRecord(entry, header.Key, header.Value, previous, previousValue));
                previousValue = header.Value;
            }
            else if (string.Equals(header.Key, LastHeader, StringComparison.OrdinalIgnoreCase))
            {
                isLast = string.Equals(header.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            }
        }

        records.Sort(static (a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return records;
    }

    /// <remarks>
    /// A record whose content type and labels read the same as the previous header's shares that record's content type
    /// string and labels dictionary (never changed once made): records of a batch mostly have the same ones, and
    /// parsing them again cost a dictionary and its strings per record.
    /// </remarks>
    private static QueryRecordHead ParseRecord(string entry, string name, string value, QueryRecordHead? previous, string? previousValue)
    {
        if (!ulong.TryParse(name.AsSpan(BatchV1Encoder.TimeHeaderPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out ulong timestamp))
        {
            throw new FormatException($"The record header '{name}' does not name a timestamp.");
        }

        ReadOnlySpan<char> rest = value.AsSpan();
        int comma = rest.IndexOf(',');
        if (!long.TryParse(comma < 0 ? rest : rest[..comma], NumberStyles.None, CultureInfo.InvariantCulture, out long length))
        {
            throw new FormatException($"The record header '{name}: {value}' does not start with a length.");
        }

        rest = comma < 0 ? ReadOnlySpan<char>.Empty : rest[(comma + 1)..];
        if (previous is not null && rest.SequenceEqual(AfterLength(previousValue)))
        {
            return new QueryRecordHead(entry, timestamp, length, previous.ContentType, previous.Labels);
        }

        comma = rest.IndexOf(',');
        ReadOnlySpan<char> contentType = comma < 0 ? rest : rest[..comma];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (comma >= 0 && !LabelEncoding.TryReadBatchPairs(rest[(comma + 1)..], labels))
        {
            throw new FormatException($"The labels of the record header '{name}: {value}' cannot be read.");
        }

        return new QueryRecordHead(entry, timestamp, length,
            contentType.IsEmpty ? SingleRecordMessages.DefaultContentType : contentType.ToString(), labels);
    }

    /// <summary>A record header's value after its length: content type and labels.</summary>
    private static ReadOnlySpan<char> AfterLength(string? value)
    {
        int comma = value is null ? -1 : value.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? ReadOnlySpan<char>.Empty : value.AsSpan(comma + 1);
    }
}
