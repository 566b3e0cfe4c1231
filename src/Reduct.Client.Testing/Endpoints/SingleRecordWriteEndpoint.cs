using Microsoft.Net.Http.Headers;
using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Endpoints;

/// <summary><c>POST /b/{bucket}/{entry}?ts=</c>: one record, streamed into storage reserved up front.</summary>
internal static class SingleRecordWriteEndpoint
{
    private const string DefaultContentType = "application/octet-stream";

    public static async Task WriteAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        var request = context.Request;
        server.Tokens.Authorize(request, AccessPolicy.Write, bucket);

        ulong timestamp;
        long length;
        string contentType;
        Dictionary<string, string> labels;
        try
        {
            timestamp = TimestampQuery.Require(request);
            length = DeclaredContentLength.Require(request, server.Version.AcceptsReductContentLength);
            contentType = ReadContentType(request);
            labels = LabelHeaders.Read(request);
        }
        catch (ReductErrorException)
        {
            await EarlyErrorDrain.DrainUnlessExpectAsync(server, context).ConfigureAwait(false);
            throw;
        }

        // From here on the request writes to the entry, as on the real server, where it holds the entry's lock.
        using var inProgress = await server.EntryWrites.EnterWriteAsync(server, context, bucket, [entry]).ConfigureAwait(false);
        RecordWriter writer;
        try
        {
            writer = server.Engine.BeginWrite(bucket, entry, timestamp, length, contentType, labels, server.Version.HasHierarchicalEntries);
        }
        catch (ReductErrorException)
        {
            await EarlyErrorDrain.DrainUnlessExpectAsync(server, context).ConfigureAwait(false);
            throw;
        }

        using (writer)
        using (var body = server.OpenWriteBody(context))
        {
            try
            {
                await body.CopyAsync(writer, length).ConfigureAwait(false);

                // Content-Length framing makes extra bytes impossible; a chunked body may still carry more.
                if (request.ContentLength is null && await body.HasMoreDataAsync().ConfigureAwait(false))
                {
                    writer.Fail();
                    await body.DrainAsync().ConfigureAwait(false);
                    throw ReductErrorException.BadRequest("Content is bigger than expected");
                }

                writer.Complete();
            }
            catch (BodyReadException exception)
            {
                writer.Fail();
                if (exception.Failure == BodyFailure.InjectedAbort)
                {
                    context.Abort();
                    return;
                }

                throw exception.ToResponseError();
            }
        }

        ResponseWriter.WriteEmptyOk(context);
    }

    private static string ReadContentType(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderNames.ContentType, out var values) || values.Count == 0)
        {
            return DefaultContentType;
        }

        var contentType = values[0] ?? string.Empty;
        return HeaderText.IsVisibleAscii(contentType)
            ? contentType
            : throw ReductErrorException.UnprocessableEntity("Malformed content-type header: failed to convert header to a str");
    }
}
