using Reduct.Client.Http;
using Reduct.Client.Protocol;
using Reduct.Client.Querying;

namespace Reduct.Client.Editing;

/// <summary>
/// Removes the records of a time range that meet a condition, on the server, in one request (read reference §5.4,
/// §5.5): over the selected entries with protocol v2 on API 1.18+, one entry at a time before. A missing entry
/// removes nothing and is never created.
/// </summary>
/// <remarks>
/// A v1 removal query creates the entry it names when it does not exist, so before 1.18 only entries the bucket
/// lists are asked; with v2 (also for one entry) the server skips missing entries itself.
/// </remarks>
internal static class RemovalQuery
{
    /// <summary>Removes the matching records and returns how many the server removed.</summary>
    public static async Task<long> RemoveAsync(
        ReductHttpPipeline pipeline, Bucket bucket, IReadOnlyList<string> selectors, ulong start, ulong stop, Condition? when, bool strict,
        CancellationToken cancellationToken)
    {
        if (await ApiVersionCheck.IsKnownSupportedAsync(pipeline, ApiFeature.MultiEntryQueries, cancellationToken).ConfigureAwait(false))
        {
            await HierarchicalEntryCheck.ThrowIfAnyUnsupportedAsync(pipeline, selectors, cancellationToken).ConfigureAwait(false);
            ulong removed = await QueryReader.PostQueryAsync(pipeline, RequestPaths.QueryV2(bucket.Name),
                QueryRequestJson.WriteRemoval(selectors, start, stop, when, strict), answer => QueryRequestJson.ReadRemovedCount(answer), cancellationToken)
                .ConfigureAwait(false);
            return checked((long)removed);
        }

        await ApiVersionCheck.ThrowIfUnsupportedAsync(pipeline, ApiFeature.JsonQueries, cancellationToken).ConfigureAwait(false);
        long total = 0;
        byte[] body = QueryRequestJson.WriteRemoval(null, start, stop, when, strict);
        foreach (string entry in await EntryPattern.SelectAsync(bucket, selectors, cancellationToken).ConfigureAwait(false))
        {
            ulong removed = await QueryReader.PostQueryAsync(pipeline, RequestPaths.QueryV1(bucket.Name, entry), body,
                answer => QueryRequestJson.ReadRemovedCount(answer), cancellationToken).ConfigureAwait(false);
            total += checked((long)removed);
        }

        return total;
    }
}
