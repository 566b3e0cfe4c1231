using Reduct.Client.Diagnostics;
using Reduct.Client.Http;
using Reduct.Client.Protocol;

namespace Reduct.Client.Querying;

/// <summary>Reads one record, or only its metadata: by timestamp, or the latest of its entry.</summary>
internal static class SingleRecordReader
{
    /// <summary>Reads a record whose entry name was checked.</summary>
    /// <param name="pipeline">The client's pipeline.</param>
    /// <param name="bucket">The bucket's name.</param>
    /// <param name="entry">The entry's name.</param>
    /// <param name="timestamp">The record's timestamp; null for the entry's latest record.</param>
    /// <param name="metadataOnly">True to ask with HEAD, for everything but the body.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<ReductRecord> ReadAsync(
        ReductHttpPipeline pipeline, string bucket, string entry, ReductTimestamp? timestamp, bool metadataOnly, CancellationToken cancellationToken)
    {
        await HierarchicalEntryCheck.ThrowIfUnsupportedAsync(pipeline, entry, cancellationToken).ConfigureAwait(false);
        string path = timestamp is { } time ? RequestPaths.Record(bucket, entry, time) : RequestPaths.LatestRecord(bucket, entry);
        var request = new HttpRequestMessage(metadataOnly ? HttpMethod.Head : HttpMethod.Get, pipeline.Uri(path));
        if (RequestTelemetry.IsEnabled)
        {
            new RequestTelemetryInfo(RequestTelemetryInfo.SingleRecordTemplate, bucket, entry, EntryCount: 1, RecordCount: 1, IsWrite: false).AttachTo(request);
        }

        HttpResponseMessage response = await pipeline.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, applyTimeout: true, cancellationToken)
            .ConfigureAwait(false);
        try
        {
            (ReductTimestamp recordTime, Dictionary<string, string> labels) = SingleRecordMessages.ReadHead(response.Headers, timestamp ?? default);
            string contentType = response.Content.Headers.TryGetValues("Content-Type", out IEnumerable<string>? types)
                ? types.First()
                : SingleRecordMessages.DefaultContentType;
            long length = response.Content.Headers.ContentLength ?? 0;
            if (metadataOnly)
            {
                response.Dispose();
                return new ReductRecord(entry, recordTime, contentType, length, labels, Stream.Null, response: null, isMetadataOnly: true);
            }

            Stream content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ReductRecord(entry, recordTime, contentType, length, labels, content, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
