using Reduct.Client.Protocol;

namespace Reduct.Client.Http;

/// <summary>
/// Checks, once per call (or per request of the writer) and before anything of it is sent, that the server can
/// take the entry names of the call: a name with <c>/</c> needs API 1.19 or newer. Names without <c>/</c> cost one
/// scan and no request; for a name with <c>/</c> the server's version is learnt first when no response has carried
/// it yet.
/// </summary>
/// <remarks>
/// When the version cannot be learnt (the server is unreachable, the token is refused), the call goes ahead: its
/// own requests fail with the server's answer, which says more than a guess would.
/// </remarks>
internal static class HierarchicalEntryCheck
{
    /// <summary>Throws when <paramref name="entry"/> has a <c>/</c> and the server's API is older than 1.19.</summary>
    /// <exception cref="ReductException"><see cref="ReductException.NotSupportedByServer"/>.</exception>
    public static ValueTask ThrowIfUnsupportedAsync(ReductHttpPipeline pipeline, string entry, CancellationToken cancellationToken) =>
        HierarchicalEntryRule.IsHierarchical(entry) ? ThrowIfAnyUnsupportedAsync(pipeline, [entry], cancellationToken) : ValueTask.CompletedTask;

    /// <summary>
    /// Throws, naming the first such entry, when any entry has a <c>/</c> and the server's API is older than 1.19.
    /// </summary>
    /// <exception cref="ReductException"><see cref="ReductException.NotSupportedByServer"/>.</exception>
    public static async ValueTask ThrowIfAnyUnsupportedAsync(ReductHttpPipeline pipeline, IReadOnlyList<string> entries, CancellationToken cancellationToken)
    {
        ReductException?[]? refusals = await FindRefusalsAsync(pipeline, entries, cancellationToken).ConfigureAwait(false);
        if (refusals is not null)
        {
            throw Array.Find(refusals, refusal => refusal is not null)!;
        }
    }

    /// <summary>
    /// Splits the records of a request into those to send and those of entries the server cannot take, each of
    /// the latter with its refusal. Without such entries the records come back as they are, with no copy.
    /// </summary>
    public static async ValueTask<(IReadOnlyList<PendingRecord> Sendable, Dictionary<RecordKey, ReductException>? Refused)> SplitAsync(
        ReductHttpPipeline pipeline,
        IReadOnlyList<string> entries,
        IReadOnlyList<PendingRecord> records,
        CancellationToken cancellationToken)
    {
        ReductException?[]? refusals;
        try
        {
            refusals = await FindRefusalsAsync(pipeline, entries, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before the version was known: the sender reports every record as stopped, as it would anyway.
            return (records, null);
        }

        if (refusals is null)
        {
            return (records, null);
        }

        var sendable = new List<PendingRecord>(records.Count);
        var refused = new Dictionary<RecordKey, ReductException>();
        foreach (PendingRecord record in records)
        {
            if (refusals[record.EntryIndex] is { } refusal)
            {
                refused[new RecordKey(entries[record.EntryIndex], record.Timestamp)] = refusal;
            }
            else
            {
                sendable.Add(record);
            }
        }

        return (sendable, refused);
    }

    /// <summary>The refusal of each entry by index, or null when the server may be sent every one of them.</summary>
    private static async ValueTask<ReductException?[]?> FindRefusalsAsync(ReductHttpPipeline pipeline, IReadOnlyList<string> entries, CancellationToken cancellationToken)
    {
        int first = FirstHierarchical(entries);
        if (first < 0)
        {
            return null;
        }

        await pipeline.EnsureApiVersionKnownAsync(cancellationToken).ConfigureAwait(false);
        // One read: the major is always the SDK's (the tracker refuses any other).
        Version? serverApi = pipeline.Versions.Current;
        if (serverApi is null || serverApi.Minor >= HierarchicalEntryRule.SinceMinor)
        {
            return null;
        }

        var refusals = new ReductException?[entries.Count];
        for (int i = first; i < entries.Count; i++)
        {
            if (HierarchicalEntryRule.IsHierarchical(entries[i]))
            {
                refusals[i] = HierarchicalEntryRule.Refusal(entries[i], serverApi);
            }
        }

        return refusals;
    }

    private static int FirstHierarchical(IReadOnlyList<string> entries)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            if (HierarchicalEntryRule.IsHierarchical(entries[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
