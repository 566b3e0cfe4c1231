using System.Globalization;

namespace Reduct.Client.Protocol;

/// <summary>
/// Reads the head of a v2 batched read (spec §3.2): the response's own entry list (<c>x-reduct-entries</c>), start
/// time (<c>x-reduct-start-ts</c>) and label names (<c>x-reduct-labels</c>), and one <c>x-reduct-&lt;I&gt;-&lt;D&gt;</c>
/// per record whose content type and labels are given as changes from the previous record of its entry in the
/// same response.
/// </summary>
/// <remarks>
/// An <c>IDX=</c> with no value removes the label, except on an entry's first record, where it can only be an empty
/// value: the server writes both the same way, so a later record's empty value reads as a removal.
/// </remarks>
internal static class BatchReadV2Parser
{
    private const string RecordHeaderPrefix = "x-reduct-";

    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>The records of a response, in the order of their bodies: by entry index, then time.</summary>
    /// <param name="headers">The response headers, each with its whole value.</param>
    /// <param name="isLast">True when the server says the query has no more records.</param>
    /// <exception cref="FormatException">A header cannot be read, or a record names an entry or label the response does not list.</exception>
    public static List<QueryRecordHead> Parse(IEnumerable<KeyValuePair<string, string>> headers, out bool isLast)
    {
        isLast = false;
        string[] entries = [];
        string[] labelNames = [];
        ulong start = 0;
        var raw = new List<(int Entry, ulong Delta, string Value, string Name)>();
        foreach (KeyValuePair<string, string> header in headers)
        {
            string name = header.Key;
            if (!name.StartsWith(RecordHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            ReadOnlySpan<char> suffix = name.AsSpan(RecordHeaderPrefix.Length);
            if (suffix.Equals("entries", StringComparison.OrdinalIgnoreCase))
            {
                entries = SplitNames(header.Value);
            }
            else if (suffix.Equals("labels", StringComparison.OrdinalIgnoreCase))
            {
                labelNames = SplitNames(header.Value);
            }
            else if (suffix.Equals("start-ts", StringComparison.OrdinalIgnoreCase))
            {
                if (!ulong.TryParse(header.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out start))
                {
                    throw new FormatException($"x-reduct-start-ts '{header.Value}' is not a timestamp.");
                }
            }
            else if (suffix.Equals("last", StringComparison.OrdinalIgnoreCase))
            {
                isLast = string.Equals(header.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            }
            else if (TryParseRecordName(suffix, out int entryIndex, out ulong delta))
            {
                raw.Add((entryIndex, delta, header.Value, name));
            }
        }

        // Entry-major, then time: the order of the bodies, and the order in which each entry's changes apply.
        raw.Sort(static (a, b) => a.Entry != b.Entry ? a.Entry.CompareTo(b.Entry) : a.Delta.CompareTo(b.Delta));
        var records = new List<QueryRecordHead>(raw.Count);
        QueryRecordHead? previous = null;
        foreach ((int entryIndex, ulong delta, string value, string name) in raw)
        {
            if (entryIndex >= entries.Length)
            {
                throw new FormatException($"The record header '{name}' names entry {entryIndex}, but x-reduct-entries lists {entries.Length}.");
            }

            QueryRecordHead? before = previous is not null && previous.Entry == entries[entryIndex] ? previous : null;
            previous = ParseRecord(entries[entryIndex], start + delta, name, value, before, labelNames);
            records.Add(previous);
        }

        return records;
    }

    private static QueryRecordHead ParseRecord(string entry, ulong timestamp, string name, string value, QueryRecordHead? before, string[] labelNames)
    {
        ReadOnlySpan<char> rest = value.AsSpan();
        int comma = rest.IndexOf(',');
        if (!long.TryParse(comma < 0 ? rest : rest[..comma], NumberStyles.None, CultureInfo.InvariantCulture, out long length))
        {
            throw new FormatException($"The record header '{name}: {value}' does not start with a length.");
        }

        string contentType = before?.ContentType ?? SingleRecordMessages.DefaultContentType;
        IReadOnlyDictionary<string, string> labels = before?.Labels ?? NoLabels;
        if (comma < 0)
        {
            return new QueryRecordHead(entry, timestamp, length, contentType, labels);
        }

        rest = rest[(comma + 1)..];
        comma = rest.IndexOf(',');
        ReadOnlySpan<char> newContentType = comma < 0 ? rest : rest[..comma];
        if (!newContentType.IsEmpty)
        {
            contentType = newContentType.ToString();
        }

        if (comma >= 0)
        {
            labels = ApplyDelta(rest[(comma + 1)..], labels, isFirstOfEntry: before is null, labelNames, name, value);
        }

        return new QueryRecordHead(entry, timestamp, length, contentType, labels);
    }

    private static Dictionary<string, string> ApplyDelta(
        ReadOnlySpan<char> delta, IReadOnlyDictionary<string, string> previous, bool isFirstOfEntry, string[] labelNames, string name, string value)
    {
        var labels = new Dictionary<string, string>(previous, StringComparer.Ordinal);
        while (!delta.IsEmpty)
        {
            int equals = delta.IndexOf('=');
            if (equals <= 0 || !int.TryParse(delta[..equals], NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= labelNames.Length)
            {
                throw new FormatException($"The label changes of the record header '{name}: {value}' cannot be read.");
            }

            delta = delta[(equals + 1)..];
            if (!LabelEncoding.TryReadBatchValue(ref delta, out string labelValue))
            {
                throw new FormatException($"The label changes of the record header '{name}: {value}' cannot be read.");
            }

            if (labelValue.Length == 0 && !isFirstOfEntry)
            {
                labels.Remove(labelNames[index]);
            }
            else
            {
                labels[labelNames[index]] = labelValue;
            }
        }

        return labels;
    }

    private static bool TryParseRecordName(ReadOnlySpan<char> suffix, out int entryIndex, out ulong delta)
    {
        delta = 0;
        entryIndex = 0;
        int dash = suffix.IndexOf('-');
        return dash > 0
            && int.TryParse(suffix[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out entryIndex)
            && ulong.TryParse(suffix[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out delta);
    }

    private static string[] SplitNames(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        string[] names = value.Split(',');
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = PercentEncoding.Decode(names[i].Trim());
        }

        return names;
    }
}
