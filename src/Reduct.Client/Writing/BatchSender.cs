using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Reduct.Client.Diagnostics;
using Reduct.Client.Http;
using Reduct.Client.Protocol;

namespace Reduct.Client.Writing;

/// <summary>
/// Sends the records of a batch in as many requests as the limits need, with protocol v2 when the server
/// speaks API 1.18 or newer and v1 (one entry per request) otherwise, and collects every record that was not
/// stored into one map.
/// </summary>
/// <remarks>
/// A first request that fails as a whole (the server unreachable, auth, a missing bucket) fails the call: nothing
/// of it was stored, so the caller gets that error (thrown, for the public batch calls) and the rest is not sent.
/// A later request that fails as a whole puts each of its records into the map with that error, because earlier
/// requests were stored; when its error is one the remaining requests would meet too (see <c>StopsTheCall</c>),
/// they are not sent and their records are reported as not stored. A 431 (request head too large) splits the request
/// in halves and sends them again, and so does a connection that breaks mid-request (a reset is often the
/// batch's size); a request of one record is retried by the pipeline instead. After such a break, a per-record
/// <c>409 ... already exists</c> means the broken attempt stored the record (protocol spec §9): it is reported as
/// already stored, not as failed.
/// </remarks>
internal sealed class BatchSender
{
    private static readonly Comparison<PendingRecord> EntryThenTime = (a, b) =>
        a.EntryIndex != b.EntryIndex ? a.EntryIndex.CompareTo(b.EntryIndex) : a.Timestamp.CompareTo(b.Timestamp);

    private readonly ReductHttpPipeline _pipeline;
    private readonly string _bucket;

    // Parsing a URI costs about a microsecond: the v2 one is built once, the v1 one once per run of requests to an entry.
    private Uri? _v2WriteUri;
    private EntryBatchUri? _lastV1Uri;

    public BatchSender(ReductHttpPipeline pipeline, string bucket)
    {
        _pipeline = pipeline;
        _bucket = bucket;
    }

    /// <summary>Sends the records and returns those that were not stored.</summary>
    /// <param name="entries">Entry names by the records' entry index.</param>
    /// <param name="records">The records; not changed, and read until the call completes.</param>
    /// <param name="inSendOrder">True when the records are known to be ordered by entry index, then time.</param>
    /// <param name="cancellationToken">Stops sending.</param>
    /// <param name="failOnCancellation">
    /// When true, cancellation does not throw: the records of the request in flight and of every request not
    /// yet sent are returned as failed with <see cref="ReductException.Timeout"/>, and the answers of the
    /// requests already completed are kept.
    /// </param>
    /// <param name="alreadyStored">
    /// Receives the records that an attempt broken off mid-request had stored, found out by a 409 on the retry;
    /// they are not in the returned failures. Null when the caller does not need them.
    /// </param>
    /// <param name="requestCompleted">
    /// Called with the records of each request once its answer is in (stored or failed), so that a caller
    /// holding memory for them can release it request by request rather than at the end of the call.
    /// </param>
    /// <param name="throwWhenNothingStored">
    /// When true, a first request that fails as a whole throws its error instead of filling the map: nothing of
    /// the call was stored (unless that error says the outcome is unknown), and the rest of the call is not sent.
    /// When false, that error and the not-sent records go into the map like any other request failure.
    /// </param>
    /// <param name="prepared">
    /// The call's first request as <see cref="Prepare"/> built it from these records, or null. Sent when the call's
    /// plan starts with the same request, disposed otherwise.
    /// </param>
    /// <exception cref="ReductException">The call's first request failed as a whole and <paramref name="throwWhenNothingStored"/> is set.</exception>
    public async Task<Dictionary<RecordKey, ReductException>> SendAsync(
        IReadOnlyList<string> entries,
        IReadOnlyList<PendingRecord> records,
        bool inSendOrder,
        CancellationToken cancellationToken,
        bool failOnCancellation = false,
        ICollection<RecordKey>? alreadyStored = null,
        Action<ArraySegment<PendingRecord>>? requestCompleted = null,
        bool throwWhenNothingStored = false,
        PreparedBatchRequest? prepared = null)
    {
        var failures = new Dictionary<RecordKey, ReductException>();
        if (records.Count == 0)
        {
            prepared?.Dispose();
            return failures;
        }

        bool useV2 = false;
        var batch = new BatchContext(entries, false, failures) { AlreadyStored = alreadyStored };
        List<ArraySegment<PendingRecord>> groups = [];
        int sent = 0;
        PreparedBatchRequest? unused = prepared;
        try
        {
            useV2 = await ServerSupportsV2Async(cancellationToken).ConfigureAwait(false);
            batch = batch with { UseV2 = useV2 };
            groups = Plan(entries, records, inSendOrder, useV2);
            PreparedBatchRequest? first = prepared is not null && prepared.IsFor(useV2, groups[0]) ? prepared : null;
            if (first is not null)
            {
                unused = null;
            }

            for (; sent < groups.Count; sent++)
            {
                await SendGroupAsync(batch, groups[sent], cancellationToken, prepared: sent == 0 ? first : null).ConfigureAwait(false);
                requestCompleted?.Invoke(groups[sent]);
            }
        }
        catch (OperationCanceledException ex) when (failOnCancellation && cancellationToken.IsCancellationRequested)
        {
            ReportStopped(batch, groups.Count == 0 ? records : groups.SelectMany(g => g), ex);
        }
        finally
        {
            // Built for another plan (the server's version or the learned record limit changed meanwhile), or the call
            // stopped before its first request.
            unused?.Dispose();
        }

        if (throwWhenNothingStored && batch.Progress.FirstRequestFailure is { } wholeCallFailed)
        {
            throw wholeCallFailed;
        }

        return failures;
    }

    /// <summary>
    /// True for a request failure that the call's later requests would meet too: the server is unreachable or
    /// silent (retries already spent), overloaded past the retry budget, or refuses the token or the bucket.
    /// </summary>
    internal static bool StopsTheCall(ReductException error) =>
        error.IsTransient || error.Status is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden or (int)HttpStatusCode.NotFound;

    /// <summary>The error of records whose request is not sent because an earlier one failed with <paramref name="cause"/>.</summary>
    internal static ReductException NotSent(ReductException cause) => new(cause.Status, cause.ServerMessage,
        "Not sent: an earlier request of this call failed with this error, and this one would have met it too.", cause);

    /// <summary>Puts the records of a request that is not sent, because an earlier one stopped the call, into the map.</summary>
    private void ReportNotSent(BatchContext batch, ArraySegment<PendingRecord> group, ReductException cause)
    {
        ReductException notSent = NotSent(cause);
        foreach (PendingRecord record in group)
        {
            batch.Failures[batch.KeyOf(record)] = notSent;
        }

        batch.Progress.Answered += group.Count;
        ReductMetrics.RecordsFailed(_bucket, group.Count, cause.Status);
    }

    /// <summary>
    /// Puts the records that sending was stopped before into the map: those of the request in flight as
    /// outcome-unknown (the server may have stored them), those never sent as definitely not stored. Records
    /// already answered keep their answer.
    /// </summary>
    /// <param name="batch">The call.</param>
    /// <param name="inSendOrder">Every record of the call, in the order its requests were to go out.</param>
    /// <param name="cause">The cancellation.</param>
    private void ReportStopped(BatchContext batch, IEnumerable<PendingRecord> inSendOrder, OperationCanceledException cause)
    {
        var inFlight = new ReductException(ReductException.Timeout,
            "Sending was stopped while this record's request was in flight; it may or may not have been stored.", cause)
        {
            IsOutcomeUnknown = true,
        };
        var notSent = new ReductException(ReductException.Timeout,
            "Sending was stopped before this record's request was sent; it was not stored.", cause);
        int answered = batch.Progress.Answered;
        int inFlightEnd = answered + batch.Progress.InFlight;
        int index = 0;
        int reported = 0;
        foreach (PendingRecord record in inSendOrder)
        {
            if (index >= answered)
            {
                batch.Failures[batch.KeyOf(record)] = index < inFlightEnd ? inFlight : notSent;
                reported++;
            }

            index++;
        }

        ReductMetrics.RecordsFailed(_bucket, reported, ReductException.Timeout);
    }

    private List<ArraySegment<PendingRecord>> Plan(IReadOnlyList<string> entries, IReadOnlyList<PendingRecord> records, bool inSendOrder, bool useV2)
    {
        // Records already in send order in a batch's own array are sent from there; the others are copied and sorted.
        ArraySegment<PendingRecord> ordered;
        if (inSendOrder && records is ArraySegment<PendingRecord> inPlace)
        {
            ordered = inPlace;
        }
        else
        {
            PendingRecord[] copy = [.. records];
            if (!inSendOrder)
            {
                Array.Sort(copy, EntryThenTime);
            }

            ordered = copy;
        }

        if (useV2)
        {
            return BatchPlanner.Split(ordered, Limits, v2EntryNames: entries);
        }

        // v1 carries one entry per request: plan each entry's run of records on its own.
        var groups = new List<ArraySegment<PendingRecord>>();
        foreach (ArraySegment<PendingRecord> run in EntryRuns.Of(ordered, static record => record.EntryIndex))
        {
            groups.AddRange(BatchPlanner.Split(run, Limits, v2EntryNames: null));
        }

        return groups;
    }

    /// <summary>
    /// Builds the first request of a later <see cref="SendAsync"/> of these records now, for a caller that has time to
    /// spare before it may send them (the writer, while the request before them to the same entry is on the wire):
    /// encoding the record headers and adding them to a message is most of a request's set-up. Null when that request
    /// cannot be known yet (the server's version is not known) or would not be sent from these records' own storage.
    /// </summary>
    public PreparedBatchRequest? Prepare(IReadOnlyList<string> entries, IReadOnlyList<PendingRecord> records, bool inSendOrder)
    {
        if (records.Count == 0 || !inSendOrder || records is not ArraySegment<PendingRecord> || _pipeline.Versions.Current is null)
        {
            return null;
        }

        bool useV2 = _pipeline.Versions.IsKnownAtLeast(18);
        ArraySegment<PendingRecord> group = Plan(entries, records, inSendOrder, useV2)[0];
        (EncodedBatchRequest encoded, HttpRequestMessage template) = BuildRequest(useV2, entries, group);
        return new PreparedBatchRequest(useV2, group, encoded, template, _pipeline.PrepareFirstAttempt(template, encoded.Headers));
    }

    private BatchLimits Limits => new(
        _pipeline.BatchRecordLimit.Apply(_pipeline.Options.BatchMaxRecords), _pipeline.Options.BatchMaxBodySize, _pipeline.Options.BatchMaxHeaderSize);

    private async Task<bool> ServerSupportsV2Async(CancellationToken cancellationToken)
    {
        // When the version stays unknown, the batch requests report the failure per record; v1 works on every server.
        await _pipeline.EnsureApiVersionKnownAsync(cancellationToken).ConfigureAwait(false);
        bool supportsV2 = _pipeline.Versions.IsKnownAtLeast(ApiFeature.BatchProtocolV2.SinceMinor);
        if (!supportsV2)
        {
            Log.BatchProtocolFallback(_pipeline.Logger, _pipeline.Versions.Current?.ToString() ?? "unknown");
        }

        return supportsV2;
    }

    private async Task SendGroupAsync(
        BatchContext batch, ArraySegment<PendingRecord> group, CancellationToken cancellationToken, bool afterAmbiguousFailure = false, PreparedBatchRequest? prepared = null)
    {
        if (batch.Progress.StoppedBy is { } stopped)
        {
            prepared?.Dispose();
            ReportNotSent(batch, group, stopped);
            return;
        }

        int limit = Limits.MaxRecords;
        if (group.Count > limit)
        {
            prepared?.Dispose();

            // A 431 taught a smaller limit after this request was planned: send it in pieces of that size instead
            // of meeting the refusal again.
            for (int start = 0; start < group.Count; start += limit)
            {
                await SendGroupAsync(batch, group.Slice(start, Math.Min(limit, group.Count - start)), cancellationToken, afterAmbiguousFailure).ConfigureAwait(false);
            }

            return;
        }

        (EncodedBatchRequest encoded, HttpRequestMessage request) = prepared is null
            ? BuildRequest(batch.UseV2, batch.Entries, group)
            : (prepared.Encoded, prepared.Template);

        var history = new RequestHistory(batch.BudgetStart)
        {
            AfterAmbiguousFailure = afterAmbiguousFailure,
            SplitOnBrokenConnection = group.Count > 1,
        };
        HttpResponseMessage response;
        try
        {
            // Held until the answer is in and released before a split sends the halves.
            using EntryWriteLocks.Lease entryLocks = await _pipeline.EntryWrites
                .AcquireAsync(_bucket, EntryNamesOf(batch.Entries, encoded), cancellationToken).ConfigureAwait(false);

            // Stopped before this request: nothing of it went out, so its records are known not to be stored.
            cancellationToken.ThrowIfCancellationRequested();

            // Left set when a cancellation ends the call here: these records may have reached the server.
            batch.Progress.InFlight = group.Count;
            response = await _pipeline.SendAsync(request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, history, encoded.Headers,
                prepared?.FirstAttempt, cancellationToken).ConfigureAwait(false);
            batch.Progress.InFlight = 0;
        }
        catch (ReductException ex) when (ex.Status == (int)HttpStatusCode.RequestHeaderFieldsTooLarge && group.Count > 1)
        {
            batch.Progress.InFlight = 0;
            _pipeline.BatchRecordLimit.Refused(group.Count);
            int half = group.Count / 2;
            Log.BatchSplitOnHeaderLimit(_pipeline.Logger, _bucket, group.Count, half, group.Count - half);
            await SendGroupAsync(batch, group[..half], cancellationToken, history.AfterAmbiguousFailure).ConfigureAwait(false);
            await SendGroupAsync(batch, group[half..], cancellationToken, history.AfterAmbiguousFailure).ConfigureAwait(false);
            return;
        }
        catch (ReductException ex) when (ex.Status == ReductException.ConnectionFailed && ex.IsOutcomeUnknown && group.Count > 1)
        {
            // The connection broke mid-request: send the records again in halves. Records the broken attempt
            // stored come back as 409 and are recognised as already stored.
            batch.Progress.InFlight = 0;
            int half = group.Count / 2;
            Log.BatchSplitOnBrokenConnection(_pipeline.Logger, _bucket, group.Count, half, group.Count - half);
            await SendGroupAsync(batch, group[..half], cancellationToken, afterAmbiguousFailure: true).ConfigureAwait(false);
            await SendGroupAsync(batch, group[half..], cancellationToken, afterAmbiguousFailure: true).ConfigureAwait(false);
            return;
        }
        catch (ReductException ex) when (ex.Status != ReductException.UnsupportedApiVersion)
        {
            batch.Progress.InFlight = 0;
            if (batch.Progress.Answered == 0)
            {
                // Nothing of the call is stored yet: it failed as a whole, and the rest is not sent.
                batch.Progress.FirstRequestFailure = ex;
                batch.Progress.StoppedBy = ex;
            }
            else if (StopsTheCall(ex))
            {
                batch.Progress.StoppedBy = ex;
            }

            batch.Progress.Answered += group.Count;
            Log.BatchRequestFailed(_pipeline.Logger, _bucket, group.Count, ex.Status, ex.ServerMessage);
            ReductMetrics.RecordsFailed(_bucket, group.Count, ex.Status);
            foreach (PendingRecord record in group)
            {
                batch.Failures[batch.KeyOf(record)] = ex;
            }

            return;
        }

        if (_pipeline.BatchRecordLimit.IsConfirmedBy(group.Count, out int learned, out int refused))
        {
            Log.BatchRecordLimitLearned(_pipeline.Logger, refused, learned);
        }

        List<RecordKey>? rejected = null;
        using (response)
        {
            // The non-validated view: the validating enumerator would parse every response header on every batch.
            foreach (KeyValuePair<string, HeaderStringValues> header in response.Headers.NonValidated)
            {
                if (BatchErrorParser.TryMapHeader(header.Key, batch.UseV2, batch.Entries, encoded, out RecordKey key))
                {
                    ReductException error = BatchErrorParser.ParseValue(header.Value.First());
                    if (history.AfterAmbiguousFailure && ServerErrors.IsAlreadyExists(error))
                    {
                        // Stored by the attempt that broke off: a success the caller can tell from a fresh conflict.
                        batch.AlreadyStored?.Add(key);
                        continue;
                    }

                    batch.Failures[key] = error;
                    ReductMetrics.RecordsFailed(_bucket, 1, error.Status);
                    (rejected ??= []).Add(key);
                }
            }
        }

        batch.Progress.Answered += group.Count;
        CountStored(batch, group, encoded.BodyLength, rejected);
    }

    /// <summary>The encoded headers of one request and its template (method, URI, body, options), not sent yet.</summary>
    private (EncodedBatchRequest Encoded, HttpRequestMessage Request) BuildRequest(bool useV2, IReadOnlyList<string> entries, ArraySegment<PendingRecord> group)
    {
        EncodedBatchRequest encoded = useV2 ? BatchV2Encoder.Encode(entries, group) : BatchV1Encoder.Encode(group);
        Uri uri = useV2 ? _v2WriteUri ??= _pipeline.Uri(RequestPaths.BatchV2Write(_bucket)) : V1BatchUri(entries[group[0].EntryIndex]);
        HttpContent content = _pipeline.Compression.TryCreate(encoded.Records, encoded.BodyLength)
            ?? new BatchBodyContent(encoded.Records, encoded.BodyLength);
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        long wireLength = content.Headers.ContentLength ?? encoded.BodyLength;
        if (wireLength >= _pipeline.Options.ExpectContinueThreshold && wireLength > 0)
        {
            request.Headers.ExpectContinue = true;
        }

        if (RequestTelemetry.IsEnabled)
        {
            string? entry = useV2 && encoded.EntryIndexes.Length != 1 ? null : entries[group[0].EntryIndex];
            new RequestTelemetryInfo(useV2 ? RequestTelemetryInfo.BatchV2Template : RequestTelemetryInfo.BatchV1Template,
                _bucket, entry, encoded.EntryIndexes.Length, group.Count, IsWrite: true).AttachTo(request);
        }

        return (encoded, request);
    }

    private static string[] EntryNamesOf(IReadOnlyList<string> entries, EncodedBatchRequest encoded)
    {
        var names = new string[encoded.EntryIndexes.Length];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = entries[encoded.EntryIndexes[i]];
        }

        return names;
    }

    private Uri V1BatchUri(string entry)
    {
        // Read once: another thread may replace it meanwhile, with a pair that is just as consistent.
        EntryBatchUri? last = _lastV1Uri;
        if (last is null || !string.Equals(last.Entry, entry, StringComparison.Ordinal))
        {
            last = new EntryBatchUri(entry, _pipeline.Uri(RequestPaths.BatchV1Write(_bucket, entry)));
            _lastV1Uri = last;
        }

        return last.Uri;
    }

    /// <summary>Counts the records of a successful request that the server stored: all but those it rejected.</summary>
    private void CountStored(BatchContext batch, ArraySegment<PendingRecord> group, long bodyLength, List<RecordKey>? rejected)
    {
        if (rejected is null)
        {
            ReductMetrics.RecordsWritten(_bucket, group.Count, bodyLength);
            return;
        }

        Log.BatchRecordsRejected(_pipeline.Logger, _bucket, rejected.Count, group.Count);
        var rejectedKeys = new HashSet<RecordKey>(rejected);
        long stored = 0;
        long storedBytes = 0;
        foreach (PendingRecord record in group)
        {
            if (!rejectedKeys.Contains(batch.KeyOf(record)))
            {
                stored++;
                storedBytes += record.Length;
            }
        }

        ReductMetrics.RecordsWritten(_bucket, stored, storedBytes);
    }

    /// <summary>An entry and the URI of its v1 batch requests.</summary>
    private sealed record EntryBatchUri(string Entry, Uri Uri);

    /// <summary>What every request of one batch call shares.</summary>
    private sealed record BatchContext(
        IReadOnlyList<string> Entries,
        bool UseV2,
        Dictionary<RecordKey, ReductException> Failures)
    {
        /// <summary>When the call began: its requests share one retry budget.</summary>
        public long BudgetStart { get; } = Stopwatch.GetTimestamp();

        /// <summary>Receives the records found already stored after a broken attempt, or null.</summary>
        public ICollection<RecordKey>? AlreadyStored { get; init; }

        /// <summary>How far the call got; shared by the copies <c>with</c> makes.</summary>
        public SendProgress Progress { get; } = new();

        public RecordKey KeyOf(in PendingRecord record) => new(Entries[record.EntryIndex], record.Timestamp);
    }

    /// <summary>
    /// Where a call stands, in records of its send order: its requests are consecutive slices of that order (planned
    /// groups, their 431 halves and pieces), sent one after another.
    /// </summary>
    private sealed class SendProgress
    {
        /// <summary>Records whose request was answered (stored, or in the map).</summary>
        public int Answered { get; set; }

        /// <summary>Records of the request on the wire right now, which follow the answered ones; 0 between requests.</summary>
        public int InFlight { get; set; }

        /// <summary>The error of the call's first request when it failed as a whole; null otherwise.</summary>
        public ReductException? FirstRequestFailure { get; set; }

        /// <summary>The error after which the call's remaining requests are not sent; null while they are.</summary>
        public ReductException? StoppedBy { get; set; }
    }
}
