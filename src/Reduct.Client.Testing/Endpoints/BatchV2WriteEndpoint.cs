using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Endpoints;

/// <summary><c>POST /io/{bucket}/write</c>: batch protocol v2, many entries, body in entry-then-time order.</summary>
internal static class BatchV2WriteEndpoint
{
    public static async Task WriteAsync(ServerContext server, HttpContext context, string bucket)
    {
        var request = context.Request;
        server.Tokens.Authorize(request, AccessPolicy.Write, bucket);

        // Header-level errors of v2 are answered without draining the body, as on the real server.
        var batch = BatchProtocolV2.Parse(request.Headers, server.Version.RejectsEmptyEntryNamesInBatch);
        var declared = DeclaredContentLength.Require(request, server.Version.AcceptsReductContentLength);
        if ((ulong)declared != batch.TotalLength)
        {
            throw ReductErrorException.UnprocessableEntity("content-length header does not match the sum of the content-lengths in the headers");
        }

        if (!server.Version.ReportsMissingBucketPerRecord && !server.Engine.BucketExists(bucket))
        {
            await EarlyErrorDrain.DrainUnlessExpectAsync(server, context).ConfigureAwait(false);
            throw ReductErrorException.NotFound($"Bucket '{bucket}' is not found");
        }

        using var inProgress = await server.EntryWrites.EnterWriteAsync(server, context, bucket, batch.Entries.Distinct(StringComparer.Ordinal).ToList()).ConfigureAwait(false);
        var records = batch.Records.Select(r => (r.Entry, r.Timestamp, r.Header)).ToList();
        var errors = new List<(int Index, ReductErrorException Error)>();
        var completed = await BatchedRecordStreamer.StreamAsync(server, context, bucket, records, (i, error) => errors.Add((i, error))).ConfigureAwait(false);
        if (!completed)
        {
            return;
        }

        BatchResponseHeaders.AddV2Echo(context.Response, batch.Entries, batch.StartTimestamp);
        foreach (var (index, error) in errors)
        {
            var record = batch.Records[index];
            BatchResponseHeaders.AddV2Error(context.Response, record.EntryIndex, record.Delta, error);
        }

        ResponseWriter.WriteEmptyOk(context);
    }
}
