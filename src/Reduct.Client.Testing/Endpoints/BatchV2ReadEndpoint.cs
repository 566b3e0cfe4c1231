using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// <c>GET|HEAD /io/{bucket}/read</c> with <c>x-reduct-query-id</c>: the next batch of a v2 query. 204 when it is
/// exhausted; a continuous query with nothing new answers, after the batch timeout, 200 with no records and an empty
/// <c>x-reduct-entries</c>.
/// </summary>
internal static class BatchV2ReadEndpoint
{
    private const string QueryIdHeader = "x-reduct-query-id";

    public static async Task ReadAsync(ServerContext server, HttpContext context, string bucket)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Read, bucket);
        var id = ReadQueryId(context.Request);
        server.Engine.ListEntryNames(bucket);
        var query = server.Queries.FindBucketQuery(id, bucket);
        foreach (var entry in query.Entries)
        {
            await server.EntryWrites.EnterReadAsync(context, bucket, entry).ConfigureAwait(false);
        }

        await BatchReadResponse.ServeAsync(server, context, query, int.MaxValue, beforeCollecting: null, batch =>
            batch.IsEmpty && (query.EndDelivered || !server.Queries.IsAlive(query))
                ? BatchReadResponse.WriteEmptyAsync(server, context, query)
                : BatchReadResponse.WriteBatchAsync(context, batch, query.Settings.OnlyMetadata)).ConfigureAwait(false);
    }

    /// <exception cref="ReductErrorException">422 when the header is missing, not UTF-8 or not a u64.</exception>
    private static ulong ReadQueryId(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(QueryIdHeader, out var values) || values.Count == 0)
        {
            throw ReductErrorException.UnprocessableEntity($"{QueryIdHeader} header is required for batched reads");
        }

        var text = values[0] ?? string.Empty;
        if (!HeaderText.IsVisibleAscii(text))
        {
            throw ReductErrorException.UnprocessableEntity("Query id header must be valid UTF-8");
        }

        return QueryStringParameters.ParseUInt64(text) ?? throw ReductErrorException.UnprocessableEntity("Invalid query id");
    }
}
