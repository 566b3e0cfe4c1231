using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Reduct.Client.Diagnostics;
using Reduct.Client.Http;
using Reduct.Client.Protocol;
using Reduct.Client.Writing;

namespace Reduct.Client.Editing;

/// <summary>
/// Sends a batch of label updates or removals in as many requests as the limits need, with protocol v2 for calls
/// of many entries on servers with API 1.18 or newer and v1 (one entry per request) otherwise, and collects every
/// record the server did not change into one map.
/// </summary>
/// <remarks>
/// <para>Requests go one after another, each holding the write locks of its entries (the client's own writes to
/// those entries are not in flight meanwhile). As for batch writes, a first request that fails as a whole fails the
/// call (nothing was changed, so its error is thrown); a later one puts each of its records into the map with that
/// error, and when the error is one the rest would meet too the remaining requests are not sent. A missing entry is
/// the exception: v2 reports it per record, so on the v1 path of a call of many entries it is reported per record
/// too and the other entries go ahead. A 431 splits the request in halves.</para>
/// <para>Two answers are read in the light of the request: after an attempt that broke off mid-request, a removal's
/// <c>404 Record ... not found</c> means that attempt removed the record; and a v2 removal reports the errors of one
/// timestamp for every record at that time (spec §5.3), so an error that names another entry's record or another
/// entry is left out: this record was removed.</para>
/// </remarks>
internal static class RecordChangeSender
{
    /// <summary>Sends the changes and returns the records that were not changed (not updated, or not removed), with why.</summary>
    /// <param name="pipeline">The client's pipeline.</param>
    /// <param name="bucket">The bucket's name.</param>
    /// <param name="changes">The checked changes of the call.</param>
    /// <param name="mayUseV2">True for a call of many entries, which uses v2 where the server has it.</param>
    /// <param name="cancellationToken">Stops sending; requests already answered keep their changes.</param>
    /// <exception cref="ReductException">The first request failed as a whole: nothing was changed and the rest was not sent.</exception>
    public static async Task<Dictionary<RecordKey, ReductException>> SendAsync(
        ReductHttpPipeline pipeline, string bucket, ChangeList changes, bool mayUseV2, CancellationToken cancellationToken)
    {
        var call = new Call(pipeline, bucket, changes, mayUseV2 && pipeline.Versions.IsKnownAtLeast(ApiFeature.BatchProtocolV2.SinceMinor), mayUseV2);
        if (changes.Changes.Length == 0)
        {
            return call.Failures;
        }

        if (mayUseV2 && !call.UseV2)
        {
            Log.BatchProtocolFallback(pipeline.Logger, pipeline.Versions.Current?.ToString() ?? "unknown");
        }

        foreach (ArraySegment<RecordChange> group in Plan(call))
        {
            await SendGroupAsync(call, group, cancellationToken).ConfigureAwait(false);
        }

        return call.Failures;
    }

    private static List<ArraySegment<RecordChange>> Plan(Call call)
    {
        ArraySegment<RecordChange> ordered = call.Changes.Changes;
        if (call.UseV2)
        {
            return RecordChangePlanner.Split(ordered, call.Limits, call.Changes.Entries);
        }

        // v1 carries one entry per request.
        var groups = new List<ArraySegment<RecordChange>>();
        foreach (ArraySegment<RecordChange> run in EntryRuns.Of(ordered, static change => change.EntryIndex))
        {
            groups.AddRange(RecordChangePlanner.Split(run, call.Limits, v2EntryNames: null));
        }

        return groups;
    }

    private static async Task SendGroupAsync(Call call, ArraySegment<RecordChange> group, CancellationToken cancellationToken)
    {
        if (call.StoppedBy is { } stopped)
        {
            call.Report(group, BatchSender.NotSent(stopped));
            return;
        }

        int limit = call.Limits.MaxRecords;
        if (group.Count > limit)
        {
            // A 431 taught a smaller limit after this request was planned.
            for (int start = 0; start < group.Count; start += limit)
            {
                await SendGroupAsync(call, group.Slice(start, Math.Min(limit, group.Count - start)), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        ReductHttpPipeline pipeline = call.Pipeline;
        EncodedChangeRequest encoded = call.UseV2 ? RecordChangeEncoder.EncodeV2(call.Changes.Entries, group) : RecordChangeEncoder.EncodeV1(group);
        string[] entryNames = Array.ConvertAll(encoded.EntryIndexes, i => call.Changes.Entries[i]);
        string firstEntry = entryNames[0];
        var request = new HttpRequestMessage(call.Changes.IsRemoval ? HttpMethod.Delete : HttpMethod.Patch, pipeline.Uri(call.Path(firstEntry)))
        {
            // No body: an explicit Content-Length: 0 for every method.
            Content = new ByteArrayContent([]),
        };
        if (RequestTelemetry.IsEnabled)
        {
            new RequestTelemetryInfo(call.TelemetryTemplate, call.Bucket, entryNames.Length == 1 ? firstEntry : null, entryNames.Length, group.Count, IsWrite: false).AttachTo(request);
        }

        var history = new RequestHistory(call.BudgetStart);
        HttpResponseMessage response;
        try
        {
            // Takes the names in lock order (it sorts them).
            using EntryWriteLocks.Lease locks = await pipeline.EntryWrites.AcquireAsync(call.Bucket, entryNames, cancellationToken).ConfigureAwait(false);
            response = await pipeline.SendAsync(request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, history, encoded.Headers, cancellationToken).ConfigureAwait(false);
        }
        catch (ReductException ex) when (ex.Status == (int)HttpStatusCode.RequestHeaderFieldsTooLarge && group.Count > 1)
        {
            pipeline.BatchRecordLimit.Refused(group.Count);
            int half = group.Count / 2;
            Log.BatchSplitOnHeaderLimit(pipeline.Logger, call.Bucket, group.Count, half, group.Count - half);
            await SendGroupAsync(call, group[..half], cancellationToken).ConfigureAwait(false);
            await SendGroupAsync(call, group[half..], cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ReductException ex) when (ex.Status != ReductException.UnsupportedApiVersion)
        {
            Log.BatchRequestFailed(pipeline.Logger, call.Bucket, group.Count, ex.Status, ex.ServerMessage);
            bool entryMissing = call.ManyEntries && ServerErrors.IsEntryNotFound(ex, call.Bucket, firstEntry);
            if (!entryMissing && call.Answered == 0)
            {
                // Nothing of the call has been changed: it failed as a whole.
                throw;
            }

            if (!entryMissing && BatchSender.StopsTheCall(ex))
            {
                call.StoppedBy = ex;
            }

            call.Report(group, ex);
            return;
        }

        using (response)
        {
            foreach (KeyValuePair<string, HeaderStringValues> header in response.Headers.NonValidated)
            {
                if (BatchErrorParser.TryMapHeader(header.Key, call.UseV2, call.Changes.Entries, encoded.EntryIndexes, encoded.StartTimestamp, out RecordKey key))
                {
                    ReductException error = BatchErrorParser.ParseValue(header.Value.First());
                    if (!call.Changes.IsRemoval || !IsRemovedAfterAll(call, key, error, history))
                    {
                        call.Failures[key] = error;
                    }
                }
            }
        }

        call.Answered += group.Count;
    }

    /// <summary>True when a removal's error says nothing against this record's removal (see the remarks of the class).</summary>
    private static bool IsRemovedAfterAll(Call call, RecordKey key, ReductException error, RequestHistory history) =>
        (history.AfterAmbiguousFailure && ServerErrors.IsRecordNotFound(error, call.Bucket, key))
        || (call.UseV2 && ServerErrors.IsAboutAnotherRecord(error, call.Bucket, key));

    /// <summary>What the requests of one call share.</summary>
    private sealed class Call(ReductHttpPipeline pipeline, string bucket, ChangeList changes, bool useV2, bool manyEntries)
    {
        public ReductHttpPipeline Pipeline { get; } = pipeline;

        public string Bucket { get; } = bucket;

        public ChangeList Changes { get; } = changes;

        public bool UseV2 { get; } = useV2;

        /// <summary>True for a call of many entries (a missing entry fails only its records).</summary>
        public bool ManyEntries { get; } = manyEntries;

        /// <summary>When the call began: its requests share one retry budget.</summary>
        public long BudgetStart { get; } = Stopwatch.GetTimestamp();

        public Dictionary<RecordKey, ReductException> Failures { get; } = [];

        /// <summary>Records whose request was answered.</summary>
        public int Answered { get; set; }

        /// <summary>The error after which the remaining requests are not sent; null while they are.</summary>
        public ReductException? StoppedBy { get; set; }

        /// <summary>The limits of one request: the record count as the server's 431s taught it, and the header bytes.</summary>
        public BatchLimits Limits => new(
            Pipeline.BatchRecordLimit.Apply(Pipeline.Options.BatchMaxRecords), Pipeline.Options.BatchMaxBodySize, Pipeline.Options.BatchMaxHeaderSize);

        public string TelemetryTemplate => !UseV2 ? RequestTelemetryInfo.BatchV1Template
            : Changes.IsRemoval ? RequestTelemetryInfo.BatchV2RemoveTemplate
            : RequestTelemetryInfo.BatchV2UpdateTemplate;

        /// <summary>The path of a request: the v2 route of the bucket, or the v1 batch route of the request's entry.</summary>
        public string Path(string entry) => !UseV2 ? RequestPaths.BatchV1Write(Bucket, entry)
            : Changes.IsRemoval ? RequestPaths.BatchV2Remove(Bucket)
            : RequestPaths.BatchV2Update(Bucket);

        /// <summary>Puts every record of a request into the map with one error.</summary>
        public void Report(ArraySegment<RecordChange> group, ReductException error)
        {
            foreach (RecordChange change in group)
            {
                Failures[new RecordKey(Changes.Entries[change.EntryIndex], change.Timestamp)] = error;
            }

            Answered += group.Count;
        }
    }
}
