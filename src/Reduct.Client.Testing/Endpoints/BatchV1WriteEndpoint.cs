using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Endpoints;

/// <summary><c>POST /b/{bucket}/{entry}/batch</c>: batch protocol v1, one entry, body in time order.</summary>
internal static class BatchV1WriteEndpoint
{
    public static async Task WriteAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        var request = context.Request;
        server.Tokens.Authorize(request, AccessPolicy.Write, bucket);

        // A bad header name is answered without draining the body, as on the real server.
        var timeHeaders = BatchProtocolV1.CollectTimeHeaders(request.Headers);

        var records = new List<(string Entry, ulong Timestamp, BatchedRecordHeader Header)>(timeHeaders.Count);
        try
        {
            ulong total = 0;

            // Records announced with the same text share one parsed header (and one labels dictionary, which is
            // never changed once stored): a batch of alike records keeps one copy of their metadata, not one each.
            string? previousValue = null;
            BatchedRecordHeader? previousHeader = null;
            foreach (var (timestamp, value) in timeHeaders)
            {
                var header = value == previousValue ? previousHeader! : BatchProtocolV1.ParseValue(value);
                previousValue = value;
                previousHeader = header;
                total += (ulong)header.Length;
                records.Add((entry, timestamp, header));
            }

            var declared = DeclaredContentLength.Read(request, server.Version.AcceptsReductContentLength);
            if (declared is { } length && (ulong)length != total)
            {
                throw ReductErrorException.UnprocessableEntity("content-length header does not match the sum of the content-lengths in the headers");
            }

            if (!server.Version.ReportsMissingBucketPerRecord && !server.Engine.BucketExists(bucket))
            {
                throw ReductErrorException.NotFound($"Bucket '{bucket}' is not found");
            }
        }
        catch (ReductErrorException)
        {
            await EarlyErrorDrain.DrainUnlessExpectAsync(server, context).ConfigureAwait(false);
            throw;
        }

        using var inProgress = await server.EntryWrites.EnterWriteAsync(server, context, bucket, [entry]).ConfigureAwait(false);
        var errors = new List<(ulong Timestamp, ReductErrorException Error)>();
        var completed = await BatchedRecordStreamer.StreamAsync(server, context, bucket, records, (i, error) => errors.Add((records[i].Timestamp, error))).ConfigureAwait(false);
        if (!completed)
        {
            return;
        }

        foreach (var (timestamp, error) in errors)
        {
            BatchResponseHeaders.AddV1Error(context.Response, timestamp, error);
        }

        ResponseWriter.WriteEmptyOk(context);
    }
}
