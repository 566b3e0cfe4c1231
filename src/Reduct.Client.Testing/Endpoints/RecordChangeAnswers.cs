using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;
using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>Makes the changes of a label-update or removal batch and answers with its per-record errors.</summary>
internal static class RecordChangeAnswers
{
    /// <summary>v1: the records of one entry; a missing entry fails the request, each missing record gets <c>x-reduct-error-&lt;TS&gt;</c>.</summary>
    public static void ChangeV1(ServerContext server, HttpContext context, string bucket, IReadOnlyList<RecordChange> changes)
    {
        var errors = server.Engine.ChangeRecords(bucket, changes, entriesMustExist: true);
        for (var i = 0; i < changes.Count; i++)
        {
            if (errors[i] is { } error)
            {
                BatchResponseHeaders.AddV1Error(context.Response, changes[i].Timestamp, error);
            }
        }

        ResponseWriter.WriteEmptyOk(context);
    }

    /// <summary>
    /// v2: records of any entries, each error as <c>x-reduct-error-&lt;I&gt;-&lt;D&gt;</c>; the answer echoes the
    /// entries and the start.
    /// </summary>
    /// <param name="server">The server.</param>
    /// <param name="context">The request.</param>
    /// <param name="bucket">Bucket name.</param>
    /// <param name="parsed">The request's records.</param>
    /// <param name="errorsByTimeAlone">
    /// True for removals: the real server collects their errors by timestamp, so an error at time T is reported for
    /// every record of the request at T (the last such error when several fail).
    /// </param>
    public static void ChangeV2(ServerContext server, HttpContext context, string bucket, BatchV2ChangeRequest parsed, bool errorsByTimeAlone)
    {
        var changes = parsed.Changes.Select(c => new RecordChange(c.Entry, c.Timestamp, c.Labels)).ToList();
        var errors = server.Engine.ChangeRecords(bucket, changes, entriesMustExist: false);
        if (errorsByTimeAlone)
        {
            var byTime = new Dictionary<ulong, ReductErrorException>();
            for (var i = 0; i < errors.Length; i++)
            {
                if (errors[i] is { } error)
                {
                    byTime[changes[i].Timestamp] = error;
                }
            }

            for (var i = 0; i < errors.Length; i++)
            {
                errors[i] = byTime.GetValueOrDefault(changes[i].Timestamp);
            }
        }

        BatchResponseHeaders.AddV2Echo(context.Response, parsed.Entries, parsed.StartTimestamp);
        for (var i = 0; i < errors.Length; i++)
        {
            if (errors[i] is { } error)
            {
                BatchResponseHeaders.AddV2Error(context.Response, parsed.Changes[i].EntryIndex, parsed.Changes[i].Delta, error);
            }
        }

        ResponseWriter.WriteEmptyOk(context);
    }
}
