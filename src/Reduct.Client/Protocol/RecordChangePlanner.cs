namespace Reduct.Client.Protocol;

/// <summary>
/// Cuts an ordered run of label updates or removals into consecutive requests within the record and header limits
/// of <see cref="BatchLimits"/> (these requests have no body).
/// </summary>
/// <remarks>
/// A v2 label update also starts a new request where a record of an entry does not name every label that the
/// entry's records before it in the request name: ReductStore 1.20 adds those earlier operations to the record's
/// own (spec §6.3), so such a record would get changes meant for others. A record that names all of them gets its
/// own values on both kinds of server. Many records with the same update, the common case, share one request.
/// </remarks>
internal static class RecordChangePlanner
{
    /// <summary>Cuts <paramref name="ordered"/> into requests: slices of it, no record is copied.</summary>
    /// <param name="ordered">Records in send order (by entry, then time).</param>
    /// <param name="limits">The limits of one request; the body limit does not apply.</param>
    /// <param name="v2EntryNames">The entry names by entry index for v2 requests, which name each entry; null for v1.</param>
    public static List<ArraySegment<RecordChange>> Split(ArraySegment<RecordChange> ordered, BatchLimits limits, IReadOnlyList<string>? v2EntryNames)
    {
        var requests = new List<ArraySegment<RecordChange>>();
        int start = 0;
        long headers = 0;
        HashSet<string>? namedForEntry = v2EntryNames is null ? null : new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < ordered.Count; i++)
        {
            RecordChange change = ordered[i];
            int cost = RecordChangeEncoder.HeaderCost(change) + (v2EntryNames is null ? 0 : BatchV2Encoder.EntryNameCost(v2EntryNames[change.EntryIndex]));
            bool sameEntryAsBefore = i > start && ordered[i - 1].EntryIndex == change.EntryIndex;
            int count = i - start;
            bool full = count > 0 && (count >= limits.MaxRecords
                || headers + cost > limits.MaxHeaderSize
                || (sameEntryAsBefore && namedForEntry is not null && !NamesAll(change, namedForEntry)));
            if (full)
            {
                requests.Add(ordered[start..i]);
                start = i;
                headers = 0;
            }

            if (namedForEntry is not null && !(i > start && ordered[i - 1].EntryIndex == change.EntryIndex))
            {
                namedForEntry.Clear();
            }

            namedForEntry?.UnionWith(change.Operations?.Keys ?? []);
            headers += cost;
        }

        if (start < ordered.Count)
        {
            requests.Add(ordered[start..]);
        }

        return requests;
    }

    /// <summary>True when the record's update names every label in <paramref name="names"/>.</summary>
    private static bool NamesAll(in RecordChange change, HashSet<string> names)
    {
        if (names.Count == 0)
        {
            return true;
        }

        if (change.Operations is not { } operations || operations.Count < names.Count)
        {
            return false;
        }

        foreach (string name in names)
        {
            if (!operations.ContainsKey(name))
            {
                return false;
            }
        }

        return true;
    }
}
