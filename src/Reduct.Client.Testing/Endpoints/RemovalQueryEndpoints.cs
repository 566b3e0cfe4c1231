using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;
using Reduct.Client.Testing.Querying;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// Removal queries: <c>DELETE /b/{bucket}/{entry}/q?...</c>, <c>POST /b/{bucket}/{entry}/q</c> and <c>POST
/// /io/{bucket}/q</c> with <c>"query_type":"REMOVE"</c>. Write permission; answers <c>{"removed_records":N}</c>. A
/// request without any parameter is 422, but any parameter counts, even one that filters nothing (<c>ttl</c>), and
/// then every record goes. On one entry a missing entry is created; over a bucket <c>$meta</c> entries are never
/// touched and missing ones are skipped.
/// </summary>
internal static class RemovalQueryEndpoints
{
    private const string NoParameters = "Define at least one query parameter to delete records";

    public static Task RemoveWithQueryStringAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Write, bucket);
        if (context.Request.Query.Count == 0)
        {
            throw ReductErrorException.UnprocessableEntity(NoParameters);
        }

        if (server.Version.HasHierarchicalEntries && EntryNameRules.IsMetaEntry(entry))
        {
            throw ReductErrorException.UnprocessableEntity($"Can't delete records from system entry '{entry}'; use label update with remove=true");
        }

        server.Engine.ListEntryNames(bucket);
        var request = QueryStringParameters.Parse(context.Request.Query, QueryType.Remove, withLegacyFilters: !server.Version.IsAtLeast(1, 21));
        return WriteRemovedAsync(context, new QueryPlanner(server).RemoveFromEntry(request, bucket, entry));
    }

    public static Task RemoveFromEntryAsync(ServerContext server, HttpContext context, string bucket, string entry, QueryRequest request)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Write, bucket);
        RefuseEmpty(request);
        return WriteRemovedAsync(context, new QueryPlanner(server).RemoveFromEntry(request, bucket, entry));
    }

    public static Task RemoveFromBucketAsync(ServerContext server, HttpContext context, string bucket, QueryRequest request)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Write, bucket);
        RefuseEmpty(request);
        return WriteRemovedAsync(context, new QueryPlanner(server).RemoveFromBucket(request, bucket));
    }

    private static void RefuseEmpty(QueryRequest request)
    {
        if (request.IsEmpty)
        {
            throw ReductErrorException.UnprocessableEntity(NoParameters);
        }
    }

    private static Task WriteRemovedAsync(HttpContext context, ulong removed) => ResponseWriter.WriteJsonAsync(context, writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("removed_records", removed);
        writer.WriteEndObject();
    });
}
