namespace Reduct.Client.Protocol;

/// <summary>
/// Cuts an ordered run of records into consecutive requests that fit <see cref="BatchLimits"/>: no request
/// has more records, body bytes or header bytes than allowed, except that a record whose body alone exceeds
/// the body limit travels alone.
/// </summary>
/// <remarks>
/// A record's header cost is an upper bound that holds for any length and timestamp: the v1 record header
/// (<see cref="BatchV1Encoder.HeaderCost"/>), plus the entry name for v2 (<see cref="BatchV2Encoder.EntryNameCost"/>).
/// The first part depends on the content type and labels only, so records that share those objects with the
/// record before are not costed again (walking the labels is most of the planning).
/// </remarks>
internal static class BatchPlanner
{
    /// <summary>Cuts <paramref name="ordered"/> into requests: slices of it, no record is copied.</summary>
    /// <param name="ordered">Records in send order.</param>
    /// <param name="limits">The limits of one request.</param>
    /// <param name="v2EntryNames">The entry names by entry index for v2 requests, which name each entry; null for v1.</param>
    public static List<ArraySegment<PendingRecord>> Split(ArraySegment<PendingRecord> ordered, BatchLimits limits, IReadOnlyList<string>? v2EntryNames)
    {
        var requests = new List<ArraySegment<PendingRecord>>();
        int start = 0;
        long body = 0;
        long headers = 0;
        int metadataCost = 0;
        for (int i = 0; i < ordered.Count; i++)
        {
            if (i == 0 || !ordered[i - 1].SharesMetadataObjectsWith(ordered[i]))
            {
                metadataCost = BatchV1Encoder.HeaderCost(ordered[i]);
            }

            int cost = v2EntryNames is null ? metadataCost : metadataCost + BatchV2Encoder.EntryNameCost(v2EntryNames[ordered[i].EntryIndex]);

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
}
