using System.Globalization;
using System.Text;

namespace Reduct.Client.Protocol;

/// <summary>
/// Header encoding of the multi-entry batch protocol v2 (spec §6.3): entry names once in
/// <c>x-reduct-entries</c>, label names once in <c>x-reduct-labels</c>, and per record
/// <c>x-reduct-&lt;entry index&gt;-&lt;time delta&gt;: &lt;LEN&gt;[,&lt;CT&gt;][,&lt;label delta&gt;]</c>, where a content type
/// and labels are written only when they differ from the previous record of the same entry.
/// </summary>
internal static class BatchV2Encoder
{
    public const string EntriesHeader = "x-reduct-entries";
    public const string StartTimestampHeader = "x-reduct-start-ts";
    public const string LabelsHeader = "x-reduct-labels";

    /// <summary>
    /// Encodes one request. <paramref name="records"/> must be ordered by entry and then time (the body order).
    /// Entries are numbered in the order they appear; labels in the order they are first used.
    /// </summary>
    public static EncodedBatchRequest Encode(IReadOnlyList<string> entryNames, ArraySegment<PendingRecord> records)
    {
        if (records.Count == 0)
        {
            throw new ArgumentException("A v2 batch request needs at least one record (an empty x-reduct-entries is refused).", nameof(records));
        }

        ulong start = ulong.MaxValue;
        var entryIndexes = new List<int>();
        var labelIndexes = new Dictionary<string, int>(StringComparer.Ordinal);
        var labelNames = new List<string>();
        long bodyLength = 0;
        IReadOnlyDictionary<string, string>? labelsSeenLast = null;
        foreach (PendingRecord record in records)
        {
            start = Math.Min(start, record.Timestamp);
            bodyLength += record.Length;
            if (entryIndexes.Count == 0 || entryIndexes[^1] != record.EntryIndex)
            {
                entryIndexes.Add(record.EntryIndex);
            }

            // Records of a stream share one labels snapshot: its names are numbered once, not once per record.
            if (record.Labels is not null && !ReferenceEquals(record.Labels, labelsSeenLast))
            {
                labelsSeenLast = record.Labels;
                foreach (string name in record.Labels.Keys)
                {
                    if (labelIndexes.TryAdd(name, labelNames.Count))
                    {
                        labelNames.Add(name);
                    }
                }
            }
        }

        var headers = new List<KeyValuePair<string, string>>(records.Count + 3)
        {
            new(EntriesHeader, string.Join(',', entryIndexes.Select(i => PercentEncoding.Encode(entryNames[i])))),
            new(StartTimestampHeader, start.ToString(CultureInfo.InvariantCulture)),
        };
        if (labelNames.Count > 0)
        {
            headers.Add(new(LabelsHeader, string.Join(',', labelNames.Select(PercentEncoding.Encode))));
        }

        int localIndex = -1;
        int previousEntry = -1;
        PendingRecord previous = default;
        var builder = new StringBuilder(32);
        var operations = new SortedList<int, string>();

        // The value of the last record that opened an entry: many entries' first records share length, content
        // type and labels (one record each from many sensors), and then their values are the same text.
        PendingRecord? lastOpening = null;
        string lastOpeningValue = string.Empty;
        foreach (PendingRecord record in records)
        {
            bool firstOfEntry = record.EntryIndex != previousEntry;
            if (firstOfEntry)
            {
                localIndex++;
                previousEntry = record.EntryIndex;
            }

            string value;
            if (!firstOfEntry && HasSameMetadata(previous, record))
            {
                // The steady state: only the length, from the cache.
                value = HeaderTextCache.Length(record.Length);
            }
            else if (firstOfEntry && lastOpening is { } opening && opening.Length == record.Length && opening.SharesMetadataObjectsWith(record))
            {
                value = lastOpeningValue;
            }
            else
            {
                builder.Clear();
                AppendValue(builder, record, firstOfEntry ? null : previous, labelIndexes, operations);
                value = builder.ToString();
                if (firstOfEntry)
                {
                    lastOpening = record;
                    lastOpeningValue = value;
                }
            }

            headers.Add(new(HeaderTextCache.RecordHeaderName(localIndex, record.Timestamp - start), value));
            previous = record;
        }

        return new EncodedBatchRequest
        {
            Headers = headers,
            Records = records,
            BodyLength = bodyLength,
            EntryIndexes = [.. entryIndexes],
            StartTimestamp = start,
        };
    }

    /// <summary>Upper bound of the bytes an entry name adds to <c>x-reduct-entries</c>: percent-encoded, and a comma.</summary>
    public static int EntryNameCost(string entryName) => (entryName.Length * 3) + 1;

    private static bool HasSameMetadata(in PendingRecord previous, in PendingRecord record)
    {
        if (!string.Equals(previous.EffectiveContentType, record.EffectiveContentType, StringComparison.Ordinal))
        {
            return false;
        }

        if (ReferenceEquals(previous.Labels, record.Labels))
        {
            return true;
        }

        if ((previous.Labels?.Count ?? 0) != (record.Labels?.Count ?? 0))
        {
            return false;
        }

        if (record.Labels is null)
        {
            return true;
        }

        // Label snapshots are dictionaries: enumerating the concrete type does not box the enumerator. Any
        // other dictionary takes the general path, which encodes the same result more slowly.
        return record.Labels is Dictionary<string, string> labels && ContainsAll(previous.Labels!, labels);
    }

    private static bool ContainsAll(IReadOnlyDictionary<string, string> previous, Dictionary<string, string> labels)
    {
        foreach (KeyValuePair<string, string> label in labels)
        {
            if (!previous.TryGetValue(label.Key, out string? value) || value != label.Value)
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendValue(StringBuilder builder, in PendingRecord record, PendingRecord? previous, Dictionary<string, int> labelIndexes, SortedList<int, string> operations)
    {
        builder.Append(record.Length.ToString(CultureInfo.InvariantCulture));

        // The content type is written when it changes; for the first record only when it is not the default.
        string? contentType = previous is { } before
            ? (before.EffectiveContentType == record.EffectiveContentType ? null : record.EffectiveContentType)
            : (record.EffectiveContentType == SingleRecordMessages.DefaultContentType ? null : record.EffectiveContentType);
        int lengthBeforeDelta = builder.Length;
        AppendLabelDelta(builder, previous?.Labels, record.Labels, labelIndexes, operations);
        bool hasDelta = builder.Length > lengthBeforeDelta;

        if (previous is not null && contentType is null && !hasDelta)
        {
            return;
        }

        // Insert ",<CT>" between the length and the delta (which starts with a comma when present).
        builder.Insert(lengthBeforeDelta, "," + contentType);
    }

    private static void AppendLabelDelta(
        StringBuilder builder,
        IReadOnlyDictionary<string, string>? before,
        IReadOnlyDictionary<string, string>? after,
        Dictionary<string, int> labelIndexes,
        SortedList<int, string> operations)
    {
        // Operations sorted by label index, as the official clients send them.
        operations.Clear();
        if (after is not null)
        {
            foreach (KeyValuePair<string, string> label in after)
            {
                if (before is null || !before.TryGetValue(label.Key, out string? old) || old != label.Value)
                {
                    operations.Add(labelIndexes[label.Key], label.Value);
                }
            }
        }

        if (before is not null)
        {
            foreach (string name in before.Keys)
            {
                if (after is null || !after.ContainsKey(name))
                {
                    // An empty value removes the label in v2.
                    operations.Add(labelIndexes[name], string.Empty);
                }
            }
        }

        // By index: enumerating a SortedList boxes its enumerator.
        for (int i = 0; i < operations.Count; i++)
        {
            builder.Append(',').Append(operations.Keys[i].ToString(CultureInfo.InvariantCulture)).Append('=');
            LabelEncoding.AppendBatchValue(builder, operations.Values[i]);
        }
    }
}
