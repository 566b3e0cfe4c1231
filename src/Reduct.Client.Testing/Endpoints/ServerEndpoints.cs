using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;
using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>Server-level endpoints: <c>/info</c>, <c>/list</c>, <c>/alive</c>, <c>/ready</c> and <c>/me</c>.</summary>
internal static class ServerEndpoints
{
    public static Task InfoAsync(ServerContext server, HttpContext context)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.Authenticated, bucket: null);
        var (bucketCount, usage, oldest, latest) = server.Engine.Summarize();
        var uptime = (ulong)Math.Max(0, (server.Clock.GetUtcNow() - server.StartedAt).TotalSeconds);
        return ResponseWriter.WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("version", server.Version.ServerVersion);
            if (server.Version.HasInstanceInfo)
            {
                writer.WriteString("instance_name", "reduct-test-server");
                writer.WriteString("instance_role", "STANDALONE");
            }

            writer.WriteNumber("bucket_count", bucketCount);
            writer.WriteNumber("usage", usage);
            writer.WriteNumber("uptime", uptime);
            writer.WriteNumber("oldest_record", oldest);
            writer.WriteNumber("latest_record", latest);
            writer.WriteStartObject("defaults");
            writer.WritePropertyName("bucket");
            BucketSettingsJson.Write(writer, BucketSettings.Defaults);
            writer.WriteEndObject();
            if (server.Version.HasLicenseInInfo)
            {
                writer.WriteNull("license");
            }

            writer.WriteEndObject();
        });
    }

    public static Task ListAsync(ServerContext server, HttpContext context)
    {
        var token = server.Tokens.Authorize(context.Request, AccessPolicy.Authenticated, bucket: null);
        var buckets = server.Engine.ListBuckets();
        return ResponseWriter.WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("buckets");
            foreach (var bucket in buckets)
            {
                if (TokenRegistry.CanRead(token, bucket.Name))
                {
                    ApiJson.WriteBucketInfo(writer, bucket, server.Version.HasStatusInInfo);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>Liveness and readiness: no token, 200, empty body.</summary>
    public static Task AliveAsync(HttpContext context)
    {
        ResponseWriter.WriteEmptyOk(context);
        return Task.CompletedTask;
    }

    public static Task MeAsync(ServerContext server, HttpContext context)
    {
        var token = server.Tokens.Authorize(context.Request, AccessPolicy.Authenticated, bucket: null);
        var view = server.Tokens.IsEnabled ? server.Tokens.Describe(token) : new TokenView(token, null, false);
        return ResponseWriter.WriteJsonAsync(context, writer => ApiJson.WriteToken(writer, view, server.Version.HasTokenLifetime));
    }
}
