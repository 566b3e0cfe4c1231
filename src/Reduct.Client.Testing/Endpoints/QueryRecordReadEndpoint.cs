using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Querying;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// <c>GET|HEAD /b/{bucket}/{entry}?q=&lt;id&gt;</c>: the next record of a v1 query as a single-record response.
/// 204 when it has no more; the read after that finds the server's channel closed and gets 400.
/// </summary>
internal static class QueryRecordReadEndpoint
{
    public static async Task ReadAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Read, bucket);
        TimestampQuery.Read(context.Request);
        var id = BatchV1ReadEndpoint.ReadQueryId(context.Request)!.Value;
        await server.EntryWrites.EnterReadAsync(context, bucket, entry).ConfigureAwait(false);
        server.Engine.RequireEntryExists(bucket, entry);
        var query = server.Queries.FindEntryQuery(id, bucket, entry);
        await BatchReadResponse.ServeAsync(server, context, query, maxRecords: 1, CheckOpen, RespondAsync).ConfigureAwait(false);

        void CheckOpen()
        {
            if (query.EndDelivered)
            {
                throw ReductErrorException.BadRequest($"Query'{bucket}/{entry}/{id}' was closed: broken channel");
            }
        }

        async Task RespondAsync(QueryBatch batch)
        {
            var (_, records) = batch.Encoder.Finish();
            if (records.Count == 0)
            {
                await BatchReadResponse.WriteEmptyAsync(server, context, query).ConfigureAwait(false);
                return;
            }

            var record = records[0];
            SingleRecordReadEndpoint.WriteRecordHeaders(context.Response, record.Timestamp, record.Record.ContentType, record.Record.Length, record.Labels);
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await BatchReadResponse.CopyBodiesAsync(context, records, query.Settings.OnlyMetadata).ConfigureAwait(false);
            }
        }
    }
}
