namespace Reduct.Client.Protocol;

/// <summary>
/// Cuts an ordered run of records into consecutive requests that fit <see cref="BatchLimits"/>: no request
/// has more records, body bytes or header bytes than allowed, except that a record whose body alone exceeds
/// the body limit travels alone.
/// </summary>
internal static class BatchPlanner
{
    public static List<PendingRecord[]> Split(PendingRecord[] ordered, BatchLimits limits, Func<PendingRecord, int> headerCost)
    {
        var requests = new List<PendingRecord[]>();
        int start = 0;
        long body = 0;
        long headers = 0;
        for (int i = 0; i < ordered.Length; i++)
        {
            int cost = headerCost(ordered[i]);
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

        if (start < ordered.Length)
        {
            // Most often everything fits one request: no copy then.
            requests.Add(start == 0 ? ordered : ordered[start..]);
        }

        return requests;
    }
}
