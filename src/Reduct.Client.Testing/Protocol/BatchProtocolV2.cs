using System.Globalization;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// Header parsing of batch protocol v2 (<c>POST /io/{bucket}/write</c>, and the label updates and removals of
/// <c>/io/{bucket}/update|remove</c>): an entry list, a start timestamp, an optional label-name table and one
/// delta-compressed <c>x-reduct-&lt;I&gt;-&lt;D&gt;</c> header per record. Every error here is a request-level 422.
/// </summary>
internal static class BatchProtocolV2
{
    private const string DefaultContentType = "application/octet-stream";

    /// <exception cref="ReductErrorException">422 with the server's messages.</exception>
    public static BatchV2Request Parse(IHeaderDictionary headers, bool rejectEmptyEntryNames)
    {
        var entries = ParseEntries(headers, rejectEmptyEntryNames);
        var startTimestamp = ParseStartTimestamp(headers);
        var labelNames = ParseLabelNames(headers);
        var recordHeaders = CollectRecordHeaders(headers);

        var previousByEntry = new Dictionary<int, BatchedRecordHeader>();

        // Entries opened with the same text share one parsed header (and one labels dictionary, which is never
        // changed once stored), as later records of an entry share their entry's.
        var openingHeaders = new Dictionary<string, BatchedRecordHeader>(StringComparer.Ordinal);
        var records = new List<BatchV2Record>(recordHeaders.Count);
        foreach (var (index, delta, value) in recordHeaders)
        {
            CheckEntryIndex(index, delta, entries);
            CheckValueText(value);
            BatchedRecordHeader header;
            if (previousByEntry.TryGetValue(index, out var previous))
            {
                header = ParseValue(value, previous, labelNames);
            }
            else if (!openingHeaders.TryGetValue(value, out header!))
            {
                header = ParseValue(value, previous: null, labelNames);
                openingHeaders.Add(value, header);
            }

            previousByEntry[index] = header;
            records.Add(new BatchV2Record(index, delta, entries[index], TimestampOf(index, delta, startTimestamp), header));
        }

        return new BatchV2Request(entries, startTimestamp, records);
    }

    /// <summary>
    /// Parses the headers of a label update (<c>PATCH /io/{bucket}/update</c>): those of a write, with lengths that
    /// are parsed and ignored, as are content types. A label delta names labels to set and, with an empty value,
    /// labels to remove. As on ReductStore 1.20, the deltas of an entry's records add up in body order: a record
    /// gets its own operations on top of those of the entry's records before it in the request.
    /// </summary>
    /// <exception cref="ReductErrorException">422 with the server's messages.</exception>
    public static BatchV2ChangeRequest ParseUpdate(IHeaderDictionary headers, bool rejectEmptyEntryNames)
    {
        var entries = ParseEntries(headers, rejectEmptyEntryNames);
        var startTimestamp = ParseStartTimestamp(headers);
        var labelNames = ParseLabelNames(headers);
        var recordHeaders = CollectRecordHeaders(headers);

        // Per entry index: the operations so far, a name mapped to its value or to "" for a removal.
        var operationsByEntry = new Dictionary<int, Dictionary<string, string>>();
        var changes = new List<BatchV2Change>(recordHeaders.Count);
        foreach (var (index, delta, value) in recordHeaders)
        {
            CheckEntryIndex(index, delta, entries);
            CheckValueText(value);
            operationsByEntry.TryGetValue(index, out var previous);
            var operations = ParseUpdateValue(value, previous, labelNames);
            operationsByEntry[index] = operations;
            changes.Add(new BatchV2Change(index, delta, entries[index], TimestampOf(index, delta, startTimestamp), LabelChange.FromOperations(operations)));
        }

        return new BatchV2ChangeRequest(entries, startTimestamp, changes);
    }

    /// <summary>
    /// Parses the headers of a removal (<c>DELETE /io/{bucket}/remove</c>): the start timestamp (checked first), the
    /// entries and one record header per record, whose value is ignored.
    /// </summary>
    /// <param name="headers">The request headers.</param>
    /// <param name="rejectEmptyEntryNames">Since 1.19 an empty name in <c>x-reduct-entries</c> is refused.</param>
    /// <param name="rejectMetaEntries">Since 1.19 a <c>$meta</c> entry in the list is refused.</param>
    /// <exception cref="ReductErrorException">422 with the server's messages.</exception>
    public static BatchV2ChangeRequest ParseRemoval(IHeaderDictionary headers, bool rejectEmptyEntryNames, bool rejectMetaEntries)
    {
        var startTimestamp = ParseStartTimestamp(headers);
        var entries = ParseEntries(headers, rejectEmptyEntryNames);
        if (rejectMetaEntries && entries.FirstOrDefault(EntryNameRules.IsMetaEntry) is { } meta)
        {
            throw ReductErrorException.UnprocessableEntity(EntryNameRules.RecordRemovalRefusedMessage(meta));
        }

        var recordHeaders = CollectRecordHeaders(headers);
        var changes = new List<BatchV2Change>(recordHeaders.Count);
        foreach (var (index, delta, _) in recordHeaders)
        {
            CheckEntryIndex(index, delta, entries);
            changes.Add(new BatchV2Change(index, delta, entries[index], TimestampOf(index, delta, startTimestamp), Labels: null));
        }

        return new BatchV2ChangeRequest(entries, startTimestamp, changes);
    }

    private static void CheckEntryIndex(int index, ulong delta, List<string> entries)
    {
        if (index >= entries.Count)
        {
            throw ReductErrorException.UnprocessableEntity(
                $"Invalid header 'x-reduct-{index}-{delta}': entry index out of range");
        }
    }

    private static void CheckValueText(string value)
    {
        if (!HeaderText.IsVisibleAscii(value))
        {
            throw ReductErrorException.UnprocessableEntity("Invalid batched header");
        }
    }

    private static ulong TimestampOf(int index, ulong delta, ulong startTimestamp)
    {
        var timestamp = startTimestamp + delta;
        return timestamp >= startTimestamp
            ? timestamp
            : throw ReductErrorException.UnprocessableEntity(
                $"Invalid header 'x-reduct-{index}-{delta}': must be an unix timestamp in microseconds");
    }

    private static List<string> ParseEntries(IHeaderDictionary headers, bool rejectEmptyNames)
    {
        if (!headers.TryGetValue(ReductHeaders.Entries, out var values) || values.Count == 0)
        {
            return [];
        }

        var text = values[0] ?? string.Empty;
        if (!HeaderText.IsVisibleAscii(text))
        {
            throw ReductErrorException.UnprocessableEntity("Invalid entries header");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw ReductErrorException.UnprocessableEntity("x-reduct-entries header is required");
        }

        var entries = new List<string>();
        foreach (var item in text.Split(','))
        {
            var encoded = item.Trim();
            if (encoded.Length == 0 && rejectEmptyNames)
            {
                throw ReductErrorException.UnprocessableEntity("x-reduct-entries header must not contain empty entry names");
            }

            var decoded = HeaderValuePercentEncoding.TryDecode(encoded, out var notUtf8);
            if (decoded is null)
            {
                throw ReductErrorException.UnprocessableEntity(notUtf8
                    ? $"Entry name is not valid UTF-8 in header '{encoded}'"
                    : $"Invalid entry encoding in header name: '{encoded}'");
            }

            entries.Add(decoded);
        }

        return entries;
    }

    private static ulong ParseStartTimestamp(IHeaderDictionary headers)
    {
        if (!headers.TryGetValue(ReductHeaders.StartTs, out var values) || values.Count == 0)
        {
            throw ReductErrorException.UnprocessableEntity("x-reduct-start-ts header is required");
        }

        return ulong.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? start
            : throw ReductErrorException.UnprocessableEntity("Invalid x-reduct-start-ts header");
    }

    private static List<string>? ParseLabelNames(IHeaderDictionary headers)
    {
        if (!headers.TryGetValue(ReductHeaders.Labels, out var values) || values.Count == 0)
        {
            return null;
        }

        var text = values[0] ?? string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ReductErrorException.UnprocessableEntity("x-reduct-labels header is empty");
        }

        var names = new List<string>();
        foreach (var item in text.Split(','))
        {
            var encoded = item.Trim();
            var decoded = HeaderText.IsVisibleAscii(encoded) ? HeaderValuePercentEncoding.TryDecode(encoded, out _) : null;
            names.Add(decoded ?? throw ReductErrorException.UnprocessableEntity($"Invalid label encoding in header value: '{encoded}'"));
        }

        return names;
    }

    /// <summary>
    /// Every header named <c>x-reduct-...-&lt;digits&gt;</c> is a record header; the part between
    /// the prefix and the last <c>-</c> must then be an entry index.
    /// </summary>
    private static List<(int Index, ulong Delta, string Value)> CollectRecordHeaders(IHeaderDictionary headers)
    {
        var records = new List<(int Index, ulong Delta, string Value)>();
        foreach (var header in headers)
        {
            var name = header.Key.ToLowerInvariant();
            if (!name.StartsWith(ReductHeaders.Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var lastDash = name.LastIndexOf('-');
            var suffix = name.AsSpan(lastDash + 1);
            if (suffix.ContainsAnyExcept("0123456789"))
            {
                continue;
            }

            var withoutPrefix = name.AsSpan(ReductHeaders.Prefix.Length);
            var split = withoutPrefix.LastIndexOf('-');
            if (split < 0)
            {
                throw ReductErrorException.UnprocessableEntity($"Invalid batched header '{name}'");
            }

            if (!int.TryParse(withoutPrefix[..split], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw ReductErrorException.UnprocessableEntity($"Invalid header '{name}': entry index must be a number");
            }

            if (!ulong.TryParse(withoutPrefix[(split + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var delta))
            {
                throw ReductErrorException.UnprocessableEntity($"Invalid header '{name}': must be an unix timestamp in microseconds");
            }

            records.Add((index, delta, header.Value.Count > 0 ? header.Value[0] ?? string.Empty : string.Empty));
        }

        records.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Delta.CompareTo(b.Delta));
        return records;
    }

    /// <summary>
    /// <c>LEN</c> | <c>LEN,CT</c> | <c>LEN,,delta</c> | <c>LEN,CT,delta</c>, relative to the
    /// previous record of the same entry in this request.
    /// </summary>
    private static BatchedRecordHeader ParseValue(string value, BatchedRecordHeader? previous, List<string>? labelNames)
    {
        var firstComma = value.IndexOf(',', StringComparison.Ordinal);
        var lengthText = firstComma < 0 ? value.AsSpan().Trim() : value.AsSpan(0, firstComma).Trim();
        if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw ReductErrorException.UnprocessableEntity("Invalid batched header");
        }

        if (firstComma < 0)
        {
            return previous is null
                ? throw ReductErrorException.UnprocessableEntity("Content-type and labels must be provided for the first record of an entry")
                : previous with { Length = length };
        }

        var rest = value[(firstComma + 1)..];
        var secondComma = rest.IndexOf(',', StringComparison.Ordinal);
        var contentTypeText = (secondComma < 0 ? rest : rest[..secondComma]).Trim();
        var contentType = contentTypeText.Length > 0 ? contentTypeText : previous?.ContentType ?? DefaultContentType;
        IReadOnlyDictionary<string, string> labels = secondComma < 0
            ? previous?.Labels ?? new Dictionary<string, string>(StringComparer.Ordinal)
            : ApplyLabelDelta(rest[(secondComma + 1)..], previous?.Labels, labelNames);
        return new BatchedRecordHeader(length, contentType, labels);
    }

    /// <summary>Applies <c>key=value</c> operations; an empty value removes the label.</summary>
    private static Dictionary<string, string> ApplyLabelDelta(string text, IReadOnlyDictionary<string, string>? baseLabels, List<string>? labelNames)
    {
        var labels = baseLabels is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(baseLabels, StringComparer.Ordinal);
        ApplyLabelOperations(text, labelNames, labels, emptyRemoves: true);
        return labels;
    }

    /// <summary>
    /// The value of an update's record header, <c>LEN[,CT[,delta]]</c>: the entry's operations so far with this
    /// record's delta on top, or those of the previous record when it has none.
    /// </summary>
    private static Dictionary<string, string> ParseUpdateValue(string value, Dictionary<string, string>? previous, List<string>? labelNames)
    {
        var firstComma = value.IndexOf(',', StringComparison.Ordinal);
        var lengthText = firstComma < 0 ? value.AsSpan().Trim() : value.AsSpan(0, firstComma).Trim();
        if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw ReductErrorException.UnprocessableEntity("Invalid batched header");
        }

        if (firstComma < 0)
        {
            return previous ?? throw ReductErrorException.UnprocessableEntity("Content-type and labels must be provided for the first record of an entry");
        }

        var secondComma = value.IndexOf(',', firstComma + 1);
        var operations = previous is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(previous, StringComparer.Ordinal);
        if (secondComma >= 0)
        {
            ApplyLabelOperations(value[(secondComma + 1)..], labelNames, operations, emptyRemoves: false);
        }

        return operations;
    }

    /// <summary>
    /// Applies <c>key=value</c> operations to <paramref name="labels"/>; an empty value removes the label when
    /// <paramref name="emptyRemoves"/> is set and is kept as a removal mark otherwise.
    /// </summary>
    private static void ApplyLabelOperations(string text, List<string>? labelNames, Dictionary<string, string> labels, bool emptyRemoves)
    {
        var rest = text.Trim();
        while (rest.Length > 0)
        {
            var equals = rest.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                break;
            }

            var key = ResolveLabelName(rest[..equals].Trim(), labelNames);
            var valueText = rest[(equals + 1)..];
            string value;
            if (valueText.StartsWith('"'))
            {
                var closing = valueText.IndexOf('"', 1);
                if (closing < 0)
                {
                    throw ReductErrorException.UnprocessableEntity("Invalid batched header");
                }

                value = valueText[1..closing].Trim();
                rest = valueText[(closing + 1)..].TrimStart(',').Trim();
            }
            else
            {
                var comma = valueText.IndexOf(',', StringComparison.Ordinal);
                value = (comma < 0 ? valueText : valueText[..comma]).Trim();
                rest = comma < 0 ? string.Empty : valueText[(comma + 1)..].Trim();
            }

            if (value.Length == 0 && emptyRemoves)
            {
                labels.Remove(key);
            }
            else
            {
                labels[key] = value;
            }
        }
    }

    private static string ResolveLabelName(string key, List<string>? labelNames)
    {
        if (labelNames is not null && ulong.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            key = index < (ulong)labelNames.Count
                ? labelNames[(int)index]
                : throw ReductErrorException.UnprocessableEntity($"Label index '{key}' is out of range");
        }

        return key.StartsWith('@')
            ? throw ReductErrorException.UnprocessableEntity("Label names must not start with '@': reserved for computed labels")
            : key;
    }
}
