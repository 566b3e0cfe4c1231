using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Protocol;
using Reduct.Client.Testing.Querying;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// Creating queries: <c>GET|HEAD /b/{bucket}/{entry}/q?...</c> (legacy query string), <c>POST
/// /b/{bucket}/{entry}/q</c> and <c>POST /io/{bucket}/q</c> (JSON <c>QueryEntry</c>; <c>REMOVE</c> goes to
/// <see cref="RemovalQueryEndpoints"/>). The JSON body is judged before the token, as the server's extractor runs
/// first; then read permission, the bucket, the entry and the query itself. Answers <c>{"id":N}</c>.
/// </summary>
internal static class QueryCreateEndpoints
{
    public static Task CreateFromQueryStringAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Read, bucket);
        server.Engine.GetEntryRange(bucket, entry);
        var request = QueryStringParameters.Parse(context.Request.Query, QueryType.Query, withLegacyFilters: !server.Version.IsAtLeast(1, 21));
        var query = new QueryPlanner(server).CreateEntryQuery(request, bucket, entry);
        return WriteIdAsync(context, query.Id);
    }

    public static async Task CreateFromJsonAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        var request = QueryEntryJson.Parse(await server.ReadWholeBodyAsync(context).ConfigureAwait(false));
        if (request.Type == QueryType.Remove)
        {
            await RemovalQueryEndpoints.RemoveFromEntryAsync(server, context, bucket, entry, request).ConfigureAwait(false);
            return;
        }

        server.Tokens.Authorize(context.Request, AccessPolicy.Read, bucket);
        var query = new QueryPlanner(server).CreateEntryQuery(request, bucket, entry);
        await WriteIdAsync(context, query.Id).ConfigureAwait(false);
    }

    public static async Task CreateForBucketAsync(ServerContext server, HttpContext context, string bucket)
    {
        var request = QueryEntryJson.Parse(await server.ReadWholeBodyAsync(context).ConfigureAwait(false));
        if (request.Type == QueryType.Remove)
        {
            await RemovalQueryEndpoints.RemoveFromBucketAsync(server, context, bucket, request).ConfigureAwait(false);
            return;
        }

        server.Tokens.Authorize(context.Request, AccessPolicy.Read, bucket);
        var query = new QueryPlanner(server).CreateBucketQuery(request, bucket);
        await WriteIdAsync(context, query.Id).ConfigureAwait(false);
    }

    private static Task WriteIdAsync(HttpContext context, ulong id) => Http.ResponseWriter.WriteJsonAsync(context, writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", id);
        writer.WriteEndObject();
    });
}
