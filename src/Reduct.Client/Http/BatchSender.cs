using System.Net;
using Reduct.Client.Protocol;

namespace Reduct.Client.Http;

/// <summary>
/// Sends the records of a batch in as many requests as the limits need, with protocol v2 when the server
/// speaks API 1.18 or newer and v1 (one entry per request) otherwise, and collects every record that was not
/// stored into one map.
/// </summary>
/// <remarks>
/// A request that fails as a whole (auth, a missing bucket on older servers, a broken connection) puts each
/// of its records into the map with that error: the caller gets one answer for every record, stored or not,
/// even when other requests of the same batch succeeded. A 431 (request head too large) splits the request
/// in halves and sends them again.
/// </remarks>
internal sealed class BatchSender
{
    private static readonly Comparison<PendingRecord> EntryThenTime = (a, b) =>
        a.EntryIndex != b.EntryIndex ? a.EntryIndex.CompareTo(b.EntryIndex) : a.Timestamp.CompareTo(b.Timestamp);

    private readonly ReductHttpPipeline _pipeline;
    private readonly string _bucket;

    public BatchSender(ReductHttpPipeline pipeline, string bucket)
    {
        _pipeline = pipeline;
        _bucket = bucket;
    }

    public async Task<Dictionary<RecordKey, ReductException>> SendAsync(
        IReadOnlyList<string> entries,
        RecordBuffer buffer,
        CancellationToken cancellationToken)
    {
        var failures = new Dictionary<RecordKey, ReductException>();
        if (buffer.Count == 0)
        {
            return failures;
        }

        bool useV2 = await ServerSupportsV2Async(cancellationToken).ConfigureAwait(false);
        PendingRecord[] ordered = [.. buffer.Records];
        Array.Sort(ordered, EntryThenTime);
        var batch = new BatchContext(entries, buffer.Data, useV2, failures);

        if (useV2)
        {
            foreach (PendingRecord[] group in BatchPlanner.Split(ordered, Limits, r => BatchV2Encoder.HeaderCost(r, entries)))
            {
                await SendGroupAsync(batch, group, cancellationToken).ConfigureAwait(false);
            }

            return failures;
        }

        int start = 0;
        while (start < ordered.Length)
        {
            int end = start;
            while (end < ordered.Length && ordered[end].EntryIndex == ordered[start].EntryIndex)
            {
                end++;
            }

            foreach (PendingRecord[] group in BatchPlanner.Split(ordered[start..end], Limits, r => BatchV1Encoder.HeaderCost(r)))
            {
                await SendGroupAsync(batch, group, cancellationToken).ConfigureAwait(false);
            }

            start = end;
        }

        return failures;
    }

    private BatchLimits Limits => new(_pipeline.Options.BatchMaxRecords, _pipeline.Options.BatchMaxBodySize, _pipeline.Options.BatchMaxHeaderSize);

    private async Task<bool> ServerSupportsV2Async(CancellationToken cancellationToken)
    {
        if (_pipeline.Versions.Current is null)
        {
            try
            {
                // Learn the version once; any answer that carries x-reduct-api will do.
                using var request = new HttpRequestMessage(HttpMethod.Get, _pipeline.Uri("info"));
                using HttpResponseMessage response = await _pipeline.SendAsync(request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, cancellationToken).ConfigureAwait(false);
            }
            catch (ReductException ex) when (ex.Status != ReductException.UnsupportedApiVersion)
            {
                // The batch requests themselves will report the failure per record; v1 works on every server.
            }
        }

        return _pipeline.Versions.IsKnownAtLeast(18);
    }

    private async Task SendGroupAsync(BatchContext batch, PendingRecord[] group, CancellationToken cancellationToken)
    {
        EncodedBatchRequest encoded = batch.UseV2 ? BatchV2Encoder.Encode(batch.Entries, group) : BatchV1Encoder.Encode(group);
        Uri uri = batch.UseV2
            ? _pipeline.Uri($"io/{_bucket}/write")
            : _pipeline.Uri($"b/{_bucket}/{batch.Entries[group[0].EntryIndex]}/batch");
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new BatchBodyContent(batch.Data, encoded.Records, encoded.BodyLength),
        };
        foreach (KeyValuePair<string, string> header in encoded.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (encoded.BodyLength >= _pipeline.Options.ExpectContinueThreshold && encoded.BodyLength > 0)
        {
            request.Headers.ExpectContinue = true;
        }

        HttpResponseMessage response;
        try
        {
            response = await _pipeline.SendAsync(request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, cancellationToken).ConfigureAwait(false);
        }
        catch (ReductException ex) when (ex.Status == (int)HttpStatusCode.RequestHeaderFieldsTooLarge && group.Length > 1)
        {
            int half = group.Length / 2;
            await SendGroupAsync(batch, group[..half], cancellationToken).ConfigureAwait(false);
            await SendGroupAsync(batch, group[half..], cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ReductException ex) when (ex.Status != ReductException.UnsupportedApiVersion)
        {
            foreach (PendingRecord record in group)
            {
                batch.Failures[batch.KeyOf(record)] = ex;
            }

            return;
        }

        using (response)
        {
            foreach (KeyValuePair<string, IEnumerable<string>> header in response.Headers)
            {
                if (TryMapError(batch, encoded, header.Key, out RecordKey key))
                {
                    batch.Failures[key] = BatchErrorParser.ParseValue(header.Value.First());
                }
            }
        }
    }

    private static bool TryMapError(BatchContext batch, EncodedBatchRequest encoded, string headerName, out RecordKey key)
    {
        key = default;
        if (batch.UseV2)
        {
            if (!BatchErrorParser.TryParseV2Name(headerName, out int index, out ulong delta) || index >= encoded.EntryIndexes.Length)
            {
                return false;
            }

            key = new RecordKey(batch.Entries[encoded.EntryIndexes[index]], encoded.StartTimestamp + delta);
            return true;
        }

        if (!BatchErrorParser.TryParseV1Name(headerName, out ulong timestamp) || encoded.EntryIndexes.Length == 0)
        {
            return false;
        }

        key = new RecordKey(batch.Entries[encoded.EntryIndexes[0]], timestamp);
        return true;
    }

    /// <summary>What every request of one batch call shares.</summary>
    private sealed record BatchContext(
        IReadOnlyList<string> Entries,
        ReadOnlyMemory<byte> Data,
        bool UseV2,
        Dictionary<RecordKey, ReductException> Failures)
    {
        public RecordKey KeyOf(in PendingRecord record) => new(Entries[record.EntryIndex], record.Timestamp);
    }
}
