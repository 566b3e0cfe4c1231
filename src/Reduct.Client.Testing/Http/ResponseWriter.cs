using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Reduct.Client.Testing.Http;

/// <summary>Writes responses the way the real server shapes them.</summary>
internal static class ResponseWriter
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // serde_json escapes only what JSON requires; keep '+', '<' and non-ASCII as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The server's error convention: <c>x-reduct-error</c> (or <c>Unparsable message</c> when the
    /// text cannot be a header value) and <c>{"detail": "..."}</c> with every <c>"</c> turned into
    /// <c>'</c>. The body is built by formatting, not by a JSON encoder, like on the real server.
    /// </summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.Headers[ReductHeaders.Error] = HeaderText.IsSendableValue(message) ? message : "Unparsable message";
        return WriteTextAsync(context, "application/json", "{\"detail\": \"" + message.Replace('"', '\'') + "\"}");
    }

    /// <summary>
    /// A rejection made by a framework extractor on the real server (axum's JSON extractor): plain
    /// text, no <c>x-reduct-error</c>, so clients fall back to the status code.
    /// </summary>
    public static Task WriteFrameworkRejectionAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        return WriteTextAsync(context, "text/plain; charset=utf-8", text);
    }

    /// <summary>200 with an empty body, as every successful create, update, delete and write.</summary>
    public static void WriteEmptyOk(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    /// <summary>Writes a compact JSON document built by <paramref name="build"/>.</summary>
    public static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> build)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            build(writer);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers[HeaderNames.ContentType] = "application/json";
        response.ContentLength = buffer.WrittenCount;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>A small text body with its exact length; HEAD gets the headers only.</summary>
    private static Task WriteTextAsync(HttpContext context, string contentType, string text)
    {
        var body = Encoding.UTF8.GetBytes(text);
        var response = context.Response;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
