using Reduct.Client.Diagnostics;
using Reduct.Client.Http;
using Reduct.Client.Protocol;

namespace Reduct.Client.Editing;

/// <summary>
/// Sends the changes that take one request each: the labels or the removal of one record, the removal of an entry,
/// and renames. Each checks the server's API version first (<see cref="ApiVersionCheck"/>) and the entry's name rule
/// (<see cref="HierarchicalEntryCheck"/>); a change to records holds the entry's write lock until its answer is in.
/// </summary>
/// <remarks>
/// After an attempt that broke off mid-request, a removal's <c>404 ... not found</c> means that attempt removed it:
/// the removal succeeded.
/// </remarks>
internal static class SingleChangeSender
{
    /// <summary>Updates the labels of one record (<c>PATCH /b/{bucket}/{entry}?ts=</c>, one header per operation).</summary>
    /// <param name="pipeline">The client's pipeline.</param>
    /// <param name="bucket">The bucket's name.</param>
    /// <param name="entry">A valid entry name.</param>
    /// <param name="timestamp">The record's timestamp.</param>
    /// <param name="operations">Checked operations: a value sets a label, an empty value removes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task UpdateLabelsAsync(
        ReductHttpPipeline pipeline, string bucket, string entry, ReductTimestamp timestamp, IReadOnlyDictionary<string, string> operations, CancellationToken cancellationToken)
    {
        await CheckAsync(pipeline, ApiFeature.LabelUpdates, entry, cancellationToken).ConfigureAwait(false);
        var headers = new List<KeyValuePair<string, string>>(operations.Count);
        LabelEncoding.AddHeaders(headers, operations);
        await SendToEntryAsync(pipeline, bucket, entry, HttpMethod.Patch, RequestPaths.Record(bucket, entry, timestamp), headers, removal: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes one record (<c>DELETE /b/{bucket}/{entry}?ts=</c>).</summary>
    public static async Task RemoveRecordAsync(ReductHttpPipeline pipeline, string bucket, string entry, ReductTimestamp timestamp, CancellationToken cancellationToken)
    {
        await CheckAsync(pipeline, ApiFeature.RecordRemoval, entry, cancellationToken).ConfigureAwait(false);
        var record = new RecordKey(entry, timestamp);
        await SendToEntryAsync(pipeline, bucket, entry, HttpMethod.Delete, RequestPaths.Record(bucket, entry, timestamp), headers: null,
            removal: error => ServerErrors.IsRecordNotFound(error, bucket, record), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes an entry with its sub-entries (<c>DELETE /b/{bucket}/{entry}</c>, never with a query string).</summary>
    public static async Task RemoveEntryAsync(ReductHttpPipeline pipeline, string bucket, string entry, CancellationToken cancellationToken)
    {
        await HierarchicalEntryCheck.ThrowIfUnsupportedAsync(pipeline, entry, cancellationToken).ConfigureAwait(false);
        await SendToEntryAsync(pipeline, bucket, entry, HttpMethod.Delete, RequestPaths.Entry(bucket, entry), headers: null,
            removal: error => ServerErrors.IsEntryNotFound(error, bucket, entry), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renames an entry (<c>PUT /b/{bucket}/{entry}/rename</c>); its sub-entries and attachments move along.</summary>
    public static async Task RenameEntryAsync(ReductHttpPipeline pipeline, string bucket, string entry, string newName, CancellationToken cancellationToken)
    {
        await CheckAsync(pipeline, ApiFeature.Renames, entry, cancellationToken).ConfigureAwait(false);
        await HierarchicalEntryCheck.ThrowIfUnsupportedAsync(pipeline, newName, cancellationToken).ConfigureAwait(false);
        await RenameAsync(pipeline, RequestPaths.EntryRename(bucket, entry), newName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renames a bucket (<c>PUT /b/{bucket}/rename</c>).</summary>
    public static async Task RenameBucketAsync(ReductHttpPipeline pipeline, string bucket, string newName, CancellationToken cancellationToken)
    {
        await ApiVersionCheck.ThrowIfUnsupportedAsync(pipeline, ApiFeature.Renames, cancellationToken).ConfigureAwait(false);
        await RenameAsync(pipeline, RequestPaths.BucketRename(bucket), newName, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CheckAsync(ReductHttpPipeline pipeline, ApiFeature feature, string entry, CancellationToken cancellationToken)
    {
        await ApiVersionCheck.ThrowIfUnsupportedAsync(pipeline, feature, cancellationToken).ConfigureAwait(false);
        await HierarchicalEntryCheck.ThrowIfUnsupportedAsync(pipeline, entry, cancellationToken).ConfigureAwait(false);
    }

    private static Task RenameAsync(ReductHttpPipeline pipeline, string path, string newName, CancellationToken cancellationToken)
    {
        return pipeline.SendAsync(pipeline.JsonRequest(HttpMethod.Put, path, RenameMessages.Body(newName)), cancellationToken);
    }

    /// <summary>
    /// Sends a change to an entry's records under the entry's write lock; for a removal, <c>removal</c> tells the
    /// error that says the thing to remove is not there (null otherwise).
    /// </summary>
    private static async Task SendToEntryAsync(
        ReductHttpPipeline pipeline,
        string bucket,
        string entry,
        HttpMethod method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>>? headers,
        Func<ReductException, bool>? removal,
        CancellationToken cancellationToken)
    {
        // No body: an explicit Content-Length: 0 for every method.
        var request = new HttpRequestMessage(method, pipeline.Uri(path)) { Content = new ByteArrayContent([]) };
        if (RequestTelemetry.IsEnabled)
        {
            new RequestTelemetryInfo(RequestTelemetryInfo.SingleRecordTemplate, bucket, entry, EntryCount: 1, RecordCount: 1, IsWrite: false).AttachTo(request);
        }

        var history = new RequestHistory();
        try
        {
            using EntryWriteLocks.Lease entryLock = await pipeline.EntryWrites.AcquireAsync(bucket, entry, cancellationToken).ConfigureAwait(false);
            using HttpResponseMessage response = await pipeline.SendAsync(request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, history, headers, cancellationToken).ConfigureAwait(false);
        }
        catch (ReductException ex) when (removal is not null && history.AfterAmbiguousFailure && removal(ex))
        {
            // An earlier attempt broke off after the server had the request: it removed what is now not found.
            Log.AlreadyRemoved(pipeline.Logger, method.Method, path);
        }
    }
}
