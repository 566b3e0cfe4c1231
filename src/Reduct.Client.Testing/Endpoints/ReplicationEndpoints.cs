using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// The replication API (read reference §9.1), all for full-access tokens: <c>GET /replications</c>,
/// <c>GET|POST|PUT|DELETE /replications/{name}</c> and, from 1.18, <c>PATCH /replications/{name}/mode</c>.
/// </summary>
internal static class ReplicationEndpoints
{
    public static Task ListAsync(ServerContext server, HttpContext context)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        var tasks = server.Replications.List();
        return ResponseWriter.WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("replications");
            foreach (var info in tasks)
            {
                ReplicationSettingsJson.WriteInfo(writer, info, server.Version);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static Task GetAsync(ServerContext server, HttpContext context, string name)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        var task = server.Replications.Get(name);
        var info = task.Info();
        var diagnostics = task.Diagnostics.Read();
        return ResponseWriter.WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("info");
            ReplicationSettingsJson.WriteInfo(writer, info, server.Version);
            writer.WritePropertyName("settings");
            ReplicationSettingsJson.WriteSettings(writer, task.Settings, info.Mode, server.Version);
            writer.WritePropertyName("diagnostics");
            ReplicationSettingsJson.WriteDiagnostics(writer, diagnostics);
            writer.WriteEndObject();
        });
    }

    public static async Task CreateAsync(ServerContext server, HttpContext context, string name)
    {
        // The body is an extractor on the real server, so it is judged before the token is.
        var settings = ReplicationSettingsJson.Parse(await server.ReadWholeBodyAsync(context).ConfigureAwait(false), server.Version);
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        await server.Replications.CreateAsync(name, settings).ConfigureAwait(false);
        ResponseWriter.WriteEmptyOk(context);
    }

    public static async Task UpdateAsync(ServerContext server, HttpContext context, string name)
    {
        var settings = ReplicationSettingsJson.Parse(await server.ReadWholeBodyAsync(context).ConfigureAwait(false), server.Version);
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        await server.Replications.UpdateAsync(name, settings).ConfigureAwait(false);
        ResponseWriter.WriteEmptyOk(context);
    }

    public static async Task SetModeAsync(ServerContext server, HttpContext context, string name)
    {
        var mode = ReplicationSettingsJson.ParseMode(await server.ReadWholeBodyAsync(context).ConfigureAwait(false));
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        server.Replications.SetMode(name, mode);
        ResponseWriter.WriteEmptyOk(context);
    }

    public static async Task RemoveAsync(ServerContext server, HttpContext context, string name)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        await server.Replications.RemoveAsync(name).ConfigureAwait(false);
        ResponseWriter.WriteEmptyOk(context);
    }
}
