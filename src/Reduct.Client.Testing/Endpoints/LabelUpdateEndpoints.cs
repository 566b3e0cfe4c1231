using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;
using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// Label updates: <c>PATCH /b/{bucket}/{entry}?ts=</c> (one record), <c>PATCH /b/{bucket}/{entry}/batch</c> (v1) and
/// <c>PATCH /io/{bucket}/update</c> (v2). A label with a value is set, one with an empty value removed, the others
/// stay; content type and body never change. The request body is ignored.
/// </summary>
internal static class LabelUpdateEndpoints
{
    /// <summary>One record: <c>x-reduct-label-*</c> headers; a missing record is a request-level 404.</summary>
    public static Task UpdateOneAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        var request = context.Request;
        server.Tokens.Authorize(request, AccessPolicy.Write, bucket);
        var timestamp = TimestampQuery.Require(request);
        var change = LabelChange.FromOperations(LabelHeaders.Read(request));
        if (server.Engine.ChangeRecords(bucket, [new RecordChange(entry, timestamp, change)], entriesMustExist: true)[0] is { } error)
        {
            throw error;
        }

        ResponseWriter.WriteEmptyOk(context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// v1: <c>x-reduct-time-&lt;TS&gt;: LEN,CT,labels</c> with the write grammar (LEN and CT parsed and ignored);
    /// each missing record gets <c>x-reduct-error-&lt;TS&gt;</c>.
    /// </summary>
    public static Task UpdateBatchAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        var request = context.Request;
        server.Tokens.Authorize(request, AccessPolicy.Write, bucket);
        var changes = new List<RecordChange>();
        foreach (var (timestamp, value) in BatchProtocolV1.CollectTimeHeaders(request.Headers))
        {
            changes.Add(new RecordChange(entry, timestamp, LabelChange.FromOperations(BatchProtocolV1.ParseValue(value).Labels)));
        }

        RecordChangeAnswers.ChangeV1(server, context, bucket, changes);
        return Task.CompletedTask;
    }

    /// <summary>
    /// v2: the headers of a v2 write with lengths of 0; errors keyed by entry index and delta, a missing entry
    /// reported for each of its records. The answer echoes <c>x-reduct-entries</c> and <c>x-reduct-start-ts</c>.
    /// </summary>
    public static Task UpdateBatchV2Async(ServerContext server, HttpContext context, string bucket)
    {
        var request = context.Request;
        server.Tokens.Authorize(request, AccessPolicy.Write, bucket);
        var parsed = BatchProtocolV2.ParseUpdate(request.Headers, server.Version.RejectsEmptyEntryNamesInBatch);
        RecordChangeAnswers.ChangeV2(server, context, bucket, parsed, errorsByTimeAlone: false);
        return Task.CompletedTask;
    }
}
