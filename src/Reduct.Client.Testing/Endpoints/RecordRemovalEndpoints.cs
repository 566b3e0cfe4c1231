using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Endpoints;

/// <summary><c>DELETE /b/{bucket}/{entry}</c> (whole entry) and <c>DELETE /b/{bucket}/{entry}?ts=</c> (one record).</summary>
internal static class RecordRemovalEndpoints
{
    public static Task RemoveAsync(ServerContext server, HttpContext context, string bucket, string entry)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Write, bucket);

        // Any query string makes it a record removal, which then needs 'ts'.
        if (context.Request.QueryString.HasValue)
        {
            server.Engine.RemoveRecord(bucket, entry, TimestampQuery.Require(context.Request));
        }
        else
        {
            server.Engine.RemoveEntry(bucket, entry);
        }

        ResponseWriter.WriteEmptyOk(context);
        return Task.CompletedTask;
    }
}
