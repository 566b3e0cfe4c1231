using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;
using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// Removal by name and timestamp: <c>DELETE /b/{bucket}/{entry}</c> (whole entry), <c>DELETE /b/{bucket}/{entry}?ts=</c>
/// (one record), <c>DELETE /b/{bucket}/{entry}/batch</c> (v1) and <c>DELETE /io/{bucket}/remove</c> (v2). From 1.19
/// the records of a <c>$meta</c> entry cannot be removed this way, nor such an entry on its own.
/// </summary>
internal static class RecordRemovalEndpoints
{
    public static Task RemoveAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        var isMetaEntry = server.Version.HasHierarchicalEntries && EntryNameRules.IsMetaEntry(entry);

        // Any query string makes it a record removal, which then needs 'ts'.
        if (!context.Request.QueryString.HasValue)
        {
            // Checked before the token on the real server.
            if (isMetaEntry)
            {
                throw ReductErrorException.UnprocessableEntity(EntryNameRules.EntryRemovalRefusedMessage(entry));
            }

            server.Tokens.Authorize(context.Request, AccessPolicy.Write, bucket);
            server.Engine.RemoveEntry(bucket, entry);
        }
        else
        {
            server.Tokens.Authorize(context.Request, AccessPolicy.Write, bucket);
            RefuseMetaEntry(isMetaEntry, entry);
            server.Engine.RemoveRecord(bucket, entry, TimestampQuery.Require(context.Request));
        }

        ResponseWriter.WriteEmptyOk(context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// v1: one <c>x-reduct-time-&lt;TS&gt;</c> header per record, its value ignored; each record that is not there
    /// gets <c>x-reduct-error-&lt;TS&gt;</c>. A missing entry fails the request.
    /// </summary>
    public static Task RemoveBatchAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        var request = context.Request;
        server.Tokens.Authorize(request, AccessPolicy.Write, bucket);
        RefuseMetaEntry(server.Version.HasHierarchicalEntries && EntryNameRules.IsMetaEntry(entry), entry);
        var changes = BatchProtocolV1.CollectTimeHeaders(request.Headers).Keys.Select(ts => new RecordChange(entry, ts, Labels: null)).ToList();
        RecordChangeAnswers.ChangeV1(server, context, bucket, changes);
        return Task.CompletedTask;
    }

    /// <summary>
    /// v2: the headers of a v2 write, values ignored. As on the real server, errors are collected by timestamp
    /// alone, so a failure at time T is reported for every record of the request at T, of any entry, also for
    /// those that were removed. The answer echoes <c>x-reduct-entries</c> and <c>x-reduct-start-ts</c>.
    /// </summary>
    public static Task RemoveBatchV2Async(ServerContext server, HttpContext context, string bucket)
    {
        var request = context.Request;
        server.Tokens.Authorize(request, AccessPolicy.Write, bucket);
        var parsed = BatchProtocolV2.ParseRemoval(request.Headers, server.Version.RejectsEmptyEntryNamesInBatch, rejectMetaEntries: server.Version.HasHierarchicalEntries);
        RecordChangeAnswers.ChangeV2(server, context, bucket, parsed, errorsByTimeAlone: true);
        return Task.CompletedTask;
    }

    private static void RefuseMetaEntry(bool isMetaEntry, string entry)
    {
        if (isMetaEntry)
        {
            throw ReductErrorException.UnprocessableEntity(EntryNameRules.RecordRemovalRefusedMessage(entry));
        }
    }
}
