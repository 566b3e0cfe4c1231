using Microsoft.Net.Http.Headers;
using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// <c>PUT /b/{bucket}/rename</c> (full access) and <c>PUT /b/{bucket}/{entry}/rename</c> (write
/// access), both with the body <c>{"new_name":"..."}</c>. The data moves with the name.
/// </summary>
internal static class RenameEndpoints
{
    /// <summary>
    /// The real handler takes its body through axum's JSON extractor, which runs before the
    /// handler checks the token: a wrong content type (415), text that is not JSON (400) or JSON
    /// without <c>new_name</c> (422) are answered in plain text without <c>x-reduct-error</c>,
    /// whoever asks.
    /// </summary>
    public static async Task RenameBucketAsync(ServerContext server, HttpContext context, string bucket)
    {
        if (!IsJsonContentType(context.Request.Headers.ContentType))
        {
            await ResponseWriter.WriteFrameworkRejectionAsync(context, StatusCodes.Status415UnsupportedMediaType, "Expected request with `Content-Type: application/json`").ConfigureAwait(false);
            return;
        }

        var request = RenameRequestJson.Parse(await server.ReadWholeBodyAsync(context).ConfigureAwait(false));
        if (request.NewName is not { } newName)
        {
            var (status, text) = request.IsSyntaxError
                ? (StatusCodes.Status400BadRequest, "Failed to parse the request body as JSON: ")
                : (StatusCodes.Status422UnprocessableEntity, "Failed to deserialize the JSON body into the target type: ");
            await ResponseWriter.WriteFrameworkRejectionAsync(context, status, text + request.Problem).ConfigureAwait(false);
            return;
        }

        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket);
        server.Engine.RenameBucket(bucket, newName);
        server.Tokens.RenameBucket(bucket, newName);
        ResponseWriter.WriteEmptyOk(context);
    }

    /// <summary>The body is parsed by hand here, so any content type will do and errors follow the server's convention.</summary>
    public static async Task RenameEntryAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Write, bucket);
        var request = RenameRequestJson.Parse(await server.ReadWholeBodyAsync(context).ConfigureAwait(false));
        var newName = request.NewName ?? throw ReductErrorException.UnprocessableEntity("Invalid JSON: " + request.Problem);
        server.Engine.RenameEntry(bucket, entry, newName, server.Version.HasHierarchicalEntries);
        ResponseWriter.WriteEmptyOk(context);
    }

    /// <summary><c>application/json</c> or any <c>application/*+json</c>, parameters allowed, as axum accepts.</summary>
    private static bool IsJsonContentType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var type = mediaType.MediaType.Value ?? string.Empty;
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
