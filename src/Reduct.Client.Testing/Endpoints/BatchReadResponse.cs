using Microsoft.Net.Http.Headers;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;
using Reduct.Client.Testing.Querying;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>The responses shared by the batched reads of both protocols and the single-record query read.</summary>
internal static class BatchReadResponse
{
    /// <summary>
    /// 204 as the server sends it: <c>x-reduct-error</c> and the <c>content-length</c> of the JSON detail that the
    /// HTTP layer then drops (24 for <c>No content</c>), so no body follows.
    /// </summary>
    /// <remarks>Kestrel allows no Content-Length on a 204; <see cref="NoContentLengthRewriter"/> puts it on the wire.</remarks>
    public static Task WriteNoContentAsync(HttpContext context, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        response.Headers[HeaderNames.ContentType] = "application/json";
        response.Headers[ReductHeaders.Error] = message;
        var length = System.Text.Encoding.UTF8.GetByteCount("{\"detail\": \"" + message + "\"}");
        response.Headers[NoContentLengthRewriter.MarkerHeader] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    /// <summary>The 204 of an empty read: <c>No more records</c> when the query expired while the read waited.</summary>
    public static Task WriteEmptyAsync(ServerContext server, HttpContext context, RegisteredQuery query) =>
        WriteNoContentAsync(context, server.Queries.IsAlive(query) ? "No content" : "No more records");

    /// <summary>
    /// Collects the next batch of <paramref name="query"/> while holding its gate, so that reads of one query take
    /// turns, and hands it to <paramref name="respond"/>.
    /// </summary>
    /// <param name="server">The server.</param>
    /// <param name="context">The request.</param>
    /// <param name="query">The query, found and touched.</param>
    /// <param name="maxRecords">At most this many records.</param>
    /// <param name="beforeCollecting">A check to make once the gate is held.</param>
    /// <param name="respond">Writes the response.</param>
    public static async Task ServeAsync(ServerContext server, HttpContext context, RegisteredQuery query, int maxRecords, Action? beforeCollecting, Func<QueryBatch, Task> respond)
    {
        RefuseDiscardedBodies(server, context, query);
        var multiEntry = query is BucketQuery;
        await query.Gate.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            beforeCollecting?.Invoke();
            var collector = new QueryBatchCollector(query, server.Clock, multiEntry);
            IBatchReadEncoder encoder = multiEntry ? new BatchV2ReadEncoder() : new BatchV1ReadEncoder();
            var countBody = !HttpMethods.IsHead(context.Request.Method);
            await respond(await collector.CollectAsync(encoder, maxRecords, countBody, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
        }
        finally
        {
            query.Gate.Release();
        }
    }

    /// <summary>Fails a GET of a query's bodies up front when the server keeps none.</summary>
    /// <exception cref="ReductErrorException">501 with <see cref="ReductTestServerOptions.DiscardBodies"/>.</exception>
    private static void RefuseDiscardedBodies(ServerContext server, HttpContext context, RegisteredQuery query)
    {
        if (server.Options.DiscardBodies && !query.Settings.OnlyMetadata && !HttpMethods.IsHead(context.Request.Method))
        {
            throw new ReductErrorException(StatusCodes.Status501NotImplemented, "Record bodies are not kept by this server (DiscardBodies is set)");
        }
    }

    /// <summary>
    /// Writes the collected batch: its record headers, <c>content-length</c>, <c>content-type</c>,
    /// <c>x-reduct-last</c>, and (GET) the bodies in order. A GET of an <c>only_metadata</c> query gets no response at
    /// all, as on the real server, which announces the bodies and then sends none.
    /// </summary>
    public static async Task WriteBatchAsync(HttpContext context, QueryBatch batch, bool onlyMetadata)
    {
        var (headers, records) = batch.Encoder.Finish();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }

        response.ContentLength = batch.Encoder.BodyBytes;
        response.Headers[HeaderNames.ContentType] = "application/octet-stream";
        response.Headers["x-reduct-last"] = batch.Last ? "true" : "false";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await CopyBodiesAsync(context, records, onlyMetadata).ConfigureAwait(false);
    }

    /// <summary>Streams the bodies, or drops the connection for an <c>only_metadata</c> query (see <see cref="WriteBatchAsync"/>).</summary>
    public static async Task CopyBodiesAsync(HttpContext context, IReadOnlyList<QueryRecord> records, bool onlyMetadata)
    {
        if (onlyMetadata)
        {
            context.Abort();
            return;
        }

        foreach (var record in records)
        {
            await record.Record.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

}
