using System.Globalization;
using Microsoft.Net.Http.Headers;
using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Endpoints;

/// <summary><c>GET|HEAD /b/{bucket}/{entry}?ts=</c>: one record back, with its metadata as headers.</summary>
internal static class SingleRecordReadEndpoint
{
    public static async Task ReadAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Read, bucket);
        var timestamp = TimestampQuery.Read(context.Request);
        await server.EntryWrites.EnterReadAsync(context, bucket, entry).ConfigureAwait(false);
        var slot = server.Engine.FindForRead(bucket, entry, timestamp);
        var content = slot.Content!;
        var isHead = HttpMethods.IsHead(context.Request.Method);
        if (!isHead && !content.KeepsBytes)
        {
            throw new ReductErrorException(StatusCodes.Status501NotImplemented, "Record bodies are not kept by this server (DiscardBodies is set)");
        }

        // The labels are read once: a label update may give the slot a new set meanwhile.
        WriteRecordHeaders(context.Response, slot.Timestamp, slot.ContentType, slot.Length, slot.Labels);
        if (!isHead)
        {
            await content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Status 200 and the metadata of one record as headers (§1.2), shared with the one-record query read.</summary>
    /// <exception cref="ReductErrorException">500 for a label name that cannot be a header name.</exception>
    public static void WriteRecordHeaders(HttpResponse response, ulong timestamp, string contentType, long length, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var name in labels.Keys)
        {
            // The real server builds these header names unchecked and crashes on such labels;
            // answering 500 keeps the test server alive and says why.
            if (!IsHeaderToken(name))
            {
                throw ReductErrorException.Internal($"Label name '{name}' cannot be sent as an HTTP header");
            }
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.Headers[ReductHeaders.Time] = timestamp.ToString(CultureInfo.InvariantCulture);
        response.Headers[HeaderNames.ContentType] = contentType;
        response.ContentLength = length;
        foreach (var label in labels)
        {
            response.Headers[ReductHeaders.LabelPrefix + label.Key] = label.Value;
        }
    }

    private static bool IsHeaderToken(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
