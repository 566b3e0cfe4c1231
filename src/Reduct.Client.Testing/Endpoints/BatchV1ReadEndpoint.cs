using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// <c>GET|HEAD /b/{bucket}/{entry}/batch?q=&lt;id&gt;</c>: the next batch of a v1 query. HEAD takes the records from
/// the query just like GET. 204 when the query has nothing (more).
/// </summary>
internal static class BatchV1ReadEndpoint
{
    public static async Task ReadAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Read, bucket);
        var id = ReadQueryId(context.Request) ?? throw ReductErrorException.UnprocessableEntity("'q' parameter is required for batched reads");
        server.Engine.RequireEntryExists(bucket, entry);
        await server.EntryWrites.EnterReadAsync(context, bucket, entry).ConfigureAwait(false);
        var query = server.Queries.FindEntryQuery(id, bucket, entry);
        await BatchReadResponse.ServeAsync(server, context, query, int.MaxValue, beforeCollecting: null, batch => batch.IsEmpty
            ? BatchReadResponse.WriteEmptyAsync(server, context, query)
            : BatchReadResponse.WriteBatchAsync(context, batch, query.Settings.OnlyMetadata)).ConfigureAwait(false);
    }

    /// <summary>The <c>q</c> parameter: null when absent.</summary>
    /// <exception cref="ReductErrorException">422 <c>'query' must be a number</c>.</exception>
    public static ulong? ReadQueryId(HttpRequest request)
    {
        if (!request.Query.TryGetValue("q", out var values) || values.Count == 0)
        {
            return null;
        }

        return QueryStringParameters.ParseUInt64(values[values.Count - 1] ?? string.Empty)
            ?? throw ReductErrorException.UnprocessableEntity("'query' must be a number");
    }
}
