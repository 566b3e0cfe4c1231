using System.Net;
using Reduct.Client.Diagnostics;
using Reduct.Client.Http;
using Reduct.Client.Protocol;

namespace Reduct.Client.Writing;

/// <summary>
/// Sends one record: its head from <see cref="SingleRecordMessages"/>, the entry's write lock held until the
/// answer is in, and the answer read in the light of the attempts before it.
/// </summary>
/// <remarks>
/// A <c>409 ... already exists</c> after an attempt that broke off mid-request means that attempt stored the record
/// (spec §9): the write succeeded. A bare 431 can only be the labels, which the error then says.
/// </remarks>
internal static class SingleRecordSender
{
    /// <summary>
    /// Writes one record held in memory whose arguments were checked: compressed when the client's options ask for it
    /// and the server decodes compressed bodies (<see cref="RequestCompression"/>), else as it is.
    /// </summary>
    public static async Task SendFromMemoryAsync(
        ReductHttpPipeline pipeline,
        string bucket,
        string entry,
        ReductTimestamp timestamp,
        ReadOnlyMemory<byte> data,
        RecordWriteOptions? options,
        CancellationToken cancellationToken)
    {
        if (pipeline.Compression.IsCandidate(data.Length))
        {
            // Whether the server decodes compressed bodies is only known with its version.
            await pipeline.EnsureApiVersionKnownAsync(cancellationToken).ConfigureAwait(false);
        }

        HttpContent content = pipeline.Compression.TryCreate(data.Span) ?? new ReadOnlyMemoryContent(data);
        await SendAsync(pipeline, bucket, entry, timestamp, content, data.Length, options, streamed: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one record whose arguments were checked.</summary>
    /// <param name="pipeline">The client's pipeline.</param>
    /// <param name="bucket">The bucket's name.</param>
    /// <param name="entry">The entry's name.</param>
    /// <param name="timestamp">The record's timestamp.</param>
    /// <param name="content">The body; disposed by this call.</param>
    /// <param name="length">The body's exact length.</param>
    /// <param name="options">Content type, labels and progress.</param>
    /// <param name="streamed">True when the body reports its own progress as it is sent.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task SendAsync(
        ReductHttpPipeline pipeline,
        string bucket,
        string entry,
        ReductTimestamp timestamp,
        HttpContent content,
        long length,
        RecordWriteOptions? options,
        bool streamed,
        CancellationToken cancellationToken)
    {
        try
        {
            await HierarchicalEntryCheck.ThrowIfUnsupportedAsync(pipeline, entry, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            content.Dispose();
            throw;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, pipeline.Uri(RequestPaths.Record(bucket, entry, timestamp))) { Content = content };
        content.Headers.TryAddWithoutValidation("Content-Type", SingleRecordMessages.ContentTypeOf(options));
        long wireLength = content.Headers.ContentLength ?? length;
        if (wireLength >= pipeline.Options.ExpectContinueThreshold && wireLength > 0)
        {
            request.Headers.ExpectContinue = true;
        }

        if (RequestTelemetry.IsEnabled)
        {
            new RequestTelemetryInfo(RequestTelemetryInfo.SingleRecordTemplate, bucket, entry, EntryCount: 1, RecordCount: 1, IsWrite: true).AttachTo(request);
        }

        // The timeout is a no-progress timeout, so it suits streamed bodies of any size as well.
        var history = new RequestHistory();
        HttpResponseMessage response;
        try
        {
            using EntryWriteLocks.Lease entryLock = await pipeline.EntryWrites.AcquireAsync(bucket, entry, cancellationToken).ConfigureAwait(false);
            response = await pipeline.SendAsync(request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, history,
                SingleRecordMessages.WriteHeaders(options), preparedFirstAttempt: null, cancellationToken).ConfigureAwait(false);
        }
        catch (ReductException ex) when (history.AfterAmbiguousFailure && ServerErrors.IsAlreadyExists(ex))
        {
            // An earlier attempt broke off after the server had the whole record: it is stored.
            Log.AlreadyStored(pipeline.Logger, "POST", request.RequestUri?.AbsolutePath ?? string.Empty);
            response = new HttpResponseMessage(HttpStatusCode.OK);
        }
        catch (ReductException ex) when (ex.Status == (int)HttpStatusCode.RequestHeaderFieldsTooLarge)
        {
            // The server's 431 names no cause; for a single record it can only be the labels.
            ReductMetrics.RecordsFailed(bucket, 1, ex);
            throw new ReductException(ex.Status, ex.ServerMessage, LabelHeaderBudget.DescribeRefusedHead(options?.Labels), ex);
        }
        catch (Exception ex)
        {
            ReductMetrics.RecordsFailed(bucket, 1, ex);
            throw;
        }

        response.Dispose();
        ReductMetrics.RecordsWritten(bucket, 1, length);
        if (!streamed)
        {
            options?.Progress?.Report(length);
        }
    }
}
