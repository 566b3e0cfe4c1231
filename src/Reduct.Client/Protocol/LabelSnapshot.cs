namespace Reduct.Client.Protocol;

/// <summary>Freezes a caller's <see cref="Labels"/> when a record enters a batch, so later changes do not leak in.</summary>
internal static class LabelSnapshot
{
    public static IReadOnlyDictionary<string, string>? Of(Labels? labels, string paramName)
    {
        if (labels is null || labels.Count == 0)
        {
            return null;
        }

        Dictionary<string, string> snapshot = labels.Snapshot();
        if (!labels.SnapshotFitsBatches)
        {
            LabelEncoding.ValidateForBatch(snapshot, paramName);
            labels.SnapshotFitsBatches = true;
        }

        return snapshot;
    }
}
