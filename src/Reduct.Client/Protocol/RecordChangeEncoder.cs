using System.Globalization;
using System.Text;

namespace Reduct.Client.Protocol;

/// <summary>
/// Header encoding of label updates and removals in batches (spec §5.2, §5.3, §6.2, §6.3). The request has no body.
/// </summary>
/// <remarks>
/// <para>v1, one entry: <c>x-reduct-time-&lt;TS&gt;</c> per record, valued <c>0,,name=value,...</c> for an update (the
/// length and content type of the write grammar, which the server ignores; an empty value removes the label) and
/// empty for a removal.</para>
/// <para>v2, many entries: <c>x-reduct-entries</c>, <c>x-reduct-start-ts</c>, for updates <c>x-reduct-labels</c>, and
/// <c>x-reduct-&lt;I&gt;-&lt;D&gt;</c> per record valued <c>0,,&lt;label index&gt;=value,...</c> (operations sorted by
/// index) or empty. Unlike a write, every record carries its whole update: ReductStore 1.20 adds up the deltas of
/// one entry's records within a request and later servers do not, and only a record that repeats every operation
/// of the entry's records before it reads the same on both (<see cref="RecordChangePlanner"/> keeps requests so).</para>
/// </remarks>
internal static class RecordChangeEncoder
{
    /// <summary>Encodes one v1 request for one entry.</summary>
    public static EncodedChangeRequest EncodeV1(ArraySegment<RecordChange> changes)
    {
        var headers = new List<KeyValuePair<string, string>>(changes.Count);
        var builder = new StringBuilder(32);
        IReadOnlyDictionary<string, string>? previousOperations = null;
        string previousValue = string.Empty;
        foreach (RecordChange change in changes)
        {
            // Many records often get the same update: its text is built once.
            if (change.Operations is not { } operations)
            {
                previousValue = string.Empty;
            }
            else if (!ReferenceEquals(operations, previousOperations))
            {
                builder.Clear().Append("0,");
                foreach (KeyValuePair<string, string> operation in operations)
                {
                    LabelEncoding.AppendBatchLabel(builder, operation.Key, operation.Value);
                }

                previousValue = builder.ToString();
            }

            previousOperations = change.Operations;
            headers.Add(new(BatchV1Encoder.HeaderName(change.Timestamp), previousValue));
        }

        return new EncodedChangeRequest
        {
            Headers = headers,
            EntryIndexes = changes.Count == 0 ? [] : [changes[0].EntryIndex],
            StartTimestamp = 0,
        };
    }

    /// <summary>
    /// Encodes one v2 request. <paramref name="changes"/> must be ordered by entry and then time; entries are numbered
    /// in the order they appear, labels in the order they are first used.
    /// </summary>
    public static EncodedChangeRequest EncodeV2(IReadOnlyList<string> entryNames, ArraySegment<RecordChange> changes)
    {
        if (changes.Count == 0)
        {
            throw new ArgumentException("A v2 request needs at least one record (an empty x-reduct-entries is refused).", nameof(changes));
        }

        ulong start = ulong.MaxValue;
        var entryIndexes = new List<int>();
        var labelIndexes = new Dictionary<string, int>(StringComparer.Ordinal);
        var labelNames = new List<string>();
        foreach (RecordChange change in changes)
        {
            start = Math.Min(start, change.Timestamp);
            if (entryIndexes.Count == 0 || entryIndexes[^1] != change.EntryIndex)
            {
                entryIndexes.Add(change.EntryIndex);
            }

            foreach (string name in change.Operations?.Keys ?? [])
            {
                if (labelIndexes.TryAdd(name, labelNames.Count))
                {
                    labelNames.Add(name);
                }
            }
        }

        var headers = new List<KeyValuePair<string, string>>(changes.Count + 3)
        {
            new(BatchV2Encoder.EntriesHeader, string.Join(',', entryIndexes.Select(i => PercentEncoding.Encode(entryNames[i])))),
            new(BatchV2Encoder.StartTimestampHeader, start.ToString(CultureInfo.InvariantCulture)),
        };
        if (labelNames.Count > 0)
        {
            headers.Add(new(BatchV2Encoder.LabelsHeader, string.Join(',', labelNames.Select(PercentEncoding.Encode))));
        }

        int localIndex = -1;
        int previousEntry = -1;
        var builder = new StringBuilder(32);
        var operationsByIndex = new SortedList<int, string>();
        IReadOnlyDictionary<string, string>? previousOperations = null;
        string previousValue = string.Empty;
        foreach (RecordChange change in changes)
        {
            if (change.EntryIndex != previousEntry)
            {
                localIndex++;
                previousEntry = change.EntryIndex;
            }

            if (change.Operations is not { } operations)
            {
                previousValue = string.Empty;
            }
            else if (!ReferenceEquals(operations, previousOperations))
            {
                operationsByIndex.Clear();
                foreach (KeyValuePair<string, string> operation in operations)
                {
                    operationsByIndex.Add(labelIndexes[operation.Key], operation.Value);
                }

                builder.Clear().Append("0,");
                for (int i = 0; i < operationsByIndex.Count; i++)
                {
                    LabelEncoding.AppendBatchLabel(builder, operationsByIndex.Keys[i].ToString(CultureInfo.InvariantCulture), operationsByIndex.Values[i]);
                }

                previousValue = builder.ToString();
            }

            previousOperations = change.Operations;
            headers.Add(new(HeaderTextCache.RecordHeaderName(localIndex, change.Timestamp - start), previousValue));
        }

        return new EncodedChangeRequest
        {
            Headers = headers,
            EntryIndexes = [.. entryIndexes],
            StartTimestamp = start,
        };
    }

    /// <summary>
    /// Upper bound of the bytes a record adds to the request head in either protocol: its header (name, ": ",
    /// value, CRLF) with each label named in full; v2 adds the entry name on top (<see cref="BatchV2Encoder.EntryNameCost"/>).
    /// </summary>
    public static int HeaderCost(in RecordChange change)
    {
        int cost = BatchV1Encoder.TimeHeaderPrefix.Length + 20 + 2 + 2 + 2;
        if (change.Operations is { } operations)
        {
            foreach (KeyValuePair<string, string> operation in operations)
            {
                // ",name=value" in the record header, and the name once more in x-reduct-labels (v2), percent-encoded.
                cost += 2 + (operation.Key.Length * 4) + 1 + LabelEncoding.MaxBatchValueLength(operation.Value);
            }
        }

        return cost;
    }
}
