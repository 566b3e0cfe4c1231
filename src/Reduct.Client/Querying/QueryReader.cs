using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Reduct.Client.Http;
using Reduct.Client.Protocol;

namespace Reduct.Client.Querying;

/// <summary>
/// Runs a query: creates it on the server, then reads its batches one after another and hands out their records
/// with each body streamed from the response. A v1 query reads one entry (<c>/b/{bucket}/{entry}/q</c> and
/// <c>/batch?q=</c>); a v2 query reads many (<c>/io/{bucket}/q</c> and <c>/read</c>, API 1.18+), and on older
/// servers becomes one v1 query per matching entry.
/// </summary>
/// <remarks>
/// The query ends on the server's <c>x-reduct-last: true</c> or on 204; a continuous query ignores both and polls
/// again after <see cref="QueryOptions.PollInterval"/> when a read found nothing. A batched read is never repeated
/// once it may have reached the server, because the server takes the batch's records from the query as it answers
/// (see <see cref="RequestHistory.ConsumesOnServer"/>).
/// </remarks>
internal static class QueryReader
{
    private const string QueryIdHeader = "x-reduct-query-id";

    /// <summary>Reads the records of one entry in <c>[start, stop)</c>.</summary>
    public static async IAsyncEnumerable<ReductRecord> ReadEntryAsync(
        ReductHttpPipeline pipeline, string bucket, string entry, ulong start, ulong stop, QueryOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await HierarchicalEntryCheck.ThrowIfUnsupportedAsync(pipeline, entry, cancellationToken).ConfigureAwait(false);
        await ApiVersionCheck.ThrowIfUnsupportedAsync(pipeline, ApiFeature.JsonQueries, cancellationToken).ConfigureAwait(false);
        ulong id = await CreateAsync(pipeline, RequestPaths.QueryV1(bucket, entry), QueryRequestJson.Write(null, start, stop, options), cancellationToken)
            .ConfigureAwait(false);
        Uri batchUri = pipeline.Uri(RequestPaths.BatchReadV1(bucket, entry, id));
        await foreach (ReductRecord record in ReadBatchesAsync(pipeline, batchUri, extraHeaders: null,
            headers => (BatchReadV1Parser.Parse(entry, headers, out bool last), last), options, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <summary>
    /// Reads the records of the given entries (names, or <c>prefix*</c> patterns) in <c>[start, stop)</c>: one v2
    /// query on API 1.18+, one v1 query per matching entry before.
    /// </summary>
    public static async IAsyncEnumerable<ReductRecord> ReadEntriesAsync(
        ReductHttpPipeline pipeline, Bucket bucket, IReadOnlyList<string> entries, ulong start, ulong stop, QueryOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!await ApiVersionCheck.IsKnownSupportedAsync(pipeline, ApiFeature.MultiEntryQueries, cancellationToken).ConfigureAwait(false))
        {
            // An older server reads one entry per query: the patterns are matched against the bucket's entries here.
            foreach (string entry in await EntryPattern.SelectAsync(bucket, entries, cancellationToken).ConfigureAwait(false))
            {
                await foreach (ReductRecord record in ReadEntryAsync(pipeline, bucket.Name, entry, start, stop, options, cancellationToken).ConfigureAwait(false))
                {
                    yield return record;
                }
            }

            yield break;
        }

        await HierarchicalEntryCheck.ThrowIfAnyUnsupportedAsync(pipeline, entries, cancellationToken).ConfigureAwait(false);
        ulong id = await CreateAsync(pipeline, RequestPaths.QueryV2(bucket.Name), QueryRequestJson.Write(entries, start, stop, options), cancellationToken)
            .ConfigureAwait(false);
        KeyValuePair<string, string>[] idHeader = [new(QueryIdHeader, id.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        await foreach (ReductRecord record in ReadBatchesAsync(pipeline, pipeline.Uri(RequestPaths.ReadV2(bucket.Name)), idHeader,
            headers => (BatchReadV2Parser.Parse(headers, out bool last), last), options, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <summary>Reads a query's batches one after another and hands out their records, each body streamed from its response.</summary>
    private static async IAsyncEnumerable<ReductRecord> ReadBatchesAsync(
        ReductHttpPipeline pipeline,
        Uri batchUri,
        IReadOnlyList<KeyValuePair<string, string>>? extraHeaders,
        Func<IEnumerable<KeyValuePair<string, string>>, (List<QueryRecordHead> Heads, bool IsLast)> parseHead,
        QueryOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var request = new HttpRequestMessage(options.MetadataOnly ? HttpMethod.Head : HttpMethod.Get, batchUri);
            using HttpResponseMessage response = await pipeline.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, applyTimeout: true,
                new RequestHistory { ConsumesOnServer = true }, extraHeaders, cancellationToken).ConfigureAwait(false);
            (List<QueryRecordHead> heads, bool isLast) = response.StatusCode == HttpStatusCode.NoContent ? ([], true) : ParseHead(response, parseHead);
            Stream? body = options.MetadataOnly || heads.Count == 0 ? null : await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using BodyReadDeadline? deadline = body is null ? null : BodyReadDeadline.For(pipeline.Options.Timeout, cancellationToken);
            foreach (QueryRecordHead head in heads)
            {
                RecordBodyStream? content = body is null ? null : new RecordBodyStream(body, head.Length, deadline);
                yield return ToRecord(head, content);
                if (content is not null)
                {
                    await content.SkipRestAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (!await ContinueAsync(options, isLast, heads.Count, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
        }
    }

    private static ReductRecord ToRecord(QueryRecordHead head, RecordBodyStream? content) =>
        new(head.Entry, new ReductTimestamp(head.Timestamp), head.ContentType, head.Length, head.Labels,
            (Stream?)content ?? Stream.Null, response: null, isMetadataOnly: content is null);

    /// <summary>After a batch: false when the query is over; for a continuous query, waits first when the batch was empty.</summary>
    private static async ValueTask<bool> ContinueAsync(QueryOptions options, bool isLast, int records, CancellationToken cancellationToken)
    {
        if (!options.Continuous)
        {
            return !isLast;
        }

        if (records == 0)
        {
            await Task.Delay(options.PollInterval, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static Task<ulong> CreateAsync(ReductHttpPipeline pipeline, string path, byte[] body, CancellationToken cancellationToken) =>
        PostQueryAsync(pipeline, path, body, answer => QueryRequestJson.ReadId(answer), cancellationToken);

    /// <summary>POSTs a query's JSON body and reads a number from the answer (the query's id, or the records removed).</summary>
    internal static async Task<ulong> PostQueryAsync(
        ReductHttpPipeline pipeline, string path, byte[] body, Func<byte[], ulong> readAnswer, CancellationToken cancellationToken)
    {
        HttpRequestMessage request = pipeline.JsonRequest(HttpMethod.Post, path, body);
        using HttpResponseMessage response = await pipeline.SendAsync(request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, cancellationToken)
            .ConfigureAwait(false);
        byte[] answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return readAnswer(answer);
        }
        catch (FormatException ex)
        {
            throw new ReductException((int)response.StatusCode, $"POST {path}: {ex.Message}", ex);
        }
    }

    private static (List<QueryRecordHead> Heads, bool IsLast) ParseHead(
        HttpResponseMessage response, Func<IEnumerable<KeyValuePair<string, string>>, (List<QueryRecordHead>, bool)> parse)
    {
        try
        {
            return parse(HeadersOf(response));
        }
        catch (FormatException ex)
        {
            throw new ReductException((int)response.StatusCode,
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: the batch's head cannot be read: {ex.Message}", ex);
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> HeadersOf(HttpResponseMessage response)
    {
        // The non-validated view gives each header's text as the server sent it.
        foreach (KeyValuePair<string, HeaderStringValues> header in response.Headers.NonValidated)
        {
            yield return new(header.Key, header.Value.ToString());
        }
    }

    /// <summary>Refuses a continuous query whose empty v1 poll the server would hold past the client's timeout.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The TTL's quarter is not below the client's timeout.</exception>
    internal static void ThrowIfPollOutlastsTimeout(ReductHttpPipeline pipeline, QueryOptions options)
    {
        // An empty v1 poll of a continuous query is held by the server for a quarter of the query's TTL.
        TimeSpan held = options.EffectiveTtl / 4;
        TimeSpan timeout = pipeline.Options.Timeout;
        if (options.Continuous && timeout != Timeout.InfiniteTimeSpan && held >= timeout)
        {
            throw new ArgumentOutOfRangeException("options", options.EffectiveTtl,
                $"QueryOptions.Ttl of a continuous query must be less than 4 x ReductClientOptions.Timeout ({timeout.TotalSeconds:0.###} s): the server holds an empty poll for a quarter of the TTL.");
        }
    }
}
