namespace Reduct.Client.Protocol;

/// <summary>Cuts records ordered by entry into the runs of each entry: batch protocol v1 carries one entry per request.</summary>
internal static class EntryRuns
{
    /// <summary>The consecutive runs of records of one entry each: slices of <paramref name="ordered"/>, no record is copied.</summary>
    public static List<ArraySegment<T>> Of<T>(ArraySegment<T> ordered, Func<T, int> entryIndexOf)
    {
        var runs = new List<ArraySegment<T>>();
        int start = 0;
        while (start < ordered.Count)
        {
            int entry = entryIndexOf(ordered[start]);
            int end = start + 1;
            while (end < ordered.Count && entryIndexOf(ordered[end]) == entry)
            {
                end++;
            }

            runs.Add(ordered[start..end]);
            start = end;
        }

        return runs;
    }
}
