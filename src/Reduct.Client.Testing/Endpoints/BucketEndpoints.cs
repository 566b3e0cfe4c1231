using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;
using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>Bucket management: <c>POST|GET|HEAD|PUT|DELETE /b/{bucket}</c>.</summary>
internal static class BucketEndpoints
{
    public static async Task CreateAsync(ServerContext server, HttpContext context, string bucket)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket);
        var update = await ReadSettingsAsync(server, context).ConfigureAwait(false);
        if (!BucketNameRules.IsValid(bucket))
        {
            throw ReductErrorException.UnprocessableEntity(BucketNameRules.InvalidNameMessage);
        }

        server.Engine.CreateBucket(bucket, update.ApplyTo(BucketSettings.Defaults));
        ResponseWriter.WriteEmptyOk(context);
    }

    public static Task GetAsync(ServerContext server, HttpContext context, string bucket)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Read, bucket);
        var snapshot = server.Engine.GetBucket(bucket);
        return ResponseWriter.WriteJsonAsync(context, writer => ApiJson.WriteFullBucketInfo(writer, snapshot, server.Version.HasStatusInInfo));
    }

    /// <summary>Existence check: any valid token may ask, whatever its permissions.</summary>
    public static Task HeadAsync(ServerContext server, HttpContext context, string bucket)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Authenticated, bucket);
        if (!server.Engine.BucketExists(bucket))
        {
            throw ReductErrorException.NotFound($"Bucket '{bucket}' is not found");
        }

        ResponseWriter.WriteEmptyOk(context);
        return Task.CompletedTask;
    }

    public static async Task UpdateAsync(ServerContext server, HttpContext context, string bucket)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket);
        var update = await ReadSettingsAsync(server, context).ConfigureAwait(false);
        server.Engine.UpdateBucket(bucket, update.ApplyTo);
        ResponseWriter.WriteEmptyOk(context);
    }

    public static Task RemoveAsync(ServerContext server, HttpContext context, string bucket)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket);
        server.Engine.RemoveBucket(bucket);
        server.Tokens.RemoveBucket(bucket);
        ResponseWriter.WriteEmptyOk(context);
        return Task.CompletedTask;
    }

    private static async Task<BucketSettingsUpdate> ReadSettingsAsync(ServerContext server, HttpContext context) =>
        BucketSettingsJson.Parse(await server.ReadWholeBodyAsync(context).ConfigureAwait(false));
}
