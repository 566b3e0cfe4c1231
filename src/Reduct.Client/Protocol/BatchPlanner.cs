namespace Reduct.Client.Protocol;

/// <summary>
/// Cuts an ordered run of records into consecutive requests that fit <see cref="BatchLimits"/>: no request
/// has more records, body bytes or header bytes than allowed, except that a record whose body alone exceeds
/// the body limit travels alone.
/// </summary>
/// <remarks>
/// A record's header cost must depend only on its entry, content type and labels (an upper bound that holds for
/// any length and timestamp): records that share those objects with the record before are not costed again.
/// </remarks>
internal static class BatchPlanner
{
    /// <summary>Cuts <paramref name="ordered"/> into requests: slices of it, no record is copied.</summary>
    public static List<ArraySegment<PendingRecord>> Split(ArraySegment<PendingRecord> ordered, BatchLimits limits, Func<PendingRecord, int> headerCost)
    {
        var requests = new List<ArraySegment<PendingRecord>>();
        int start = 0;
        long body = 0;
        long headers = 0;
        int cost = 0;
        for (int i = 0; i < ordered.Count; i++)
        {
            // The cost depends on the entry, content type and labels only: a record that shares them with the one
            // before costs the same, and working it out again would walk the labels once more.
            if (i == 0 || !HasSameMetadata(ordered[i - 1], ordered[i]))
            {
                cost = headerCost(ordered[i]);
            }

            int count = i - start;
            bool full = count > 0 && (count >= limits.MaxRecords
                || body + ordered[i].Length > limits.MaxBodySize
                || headers + cost > limits.MaxHeaderSize);
            if (full)
            {
                requests.Add(ordered[start..i]);
                start = i;
                body = 0;
                headers = 0;
            }

            body += ordered[i].Length;
            headers += cost;
        }

        if (start < ordered.Count)
        {
            requests.Add(ordered[start..]);
        }

        return requests;
    }

    private static bool HasSameMetadata(in PendingRecord previous, in PendingRecord record) =>
        previous.EntryIndex == record.EntryIndex
        && ReferenceEquals(previous.ContentType, record.ContentType)
        && ReferenceEquals(previous.Labels, record.Labels);
}
