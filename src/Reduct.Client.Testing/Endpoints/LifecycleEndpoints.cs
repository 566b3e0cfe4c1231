using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// The lifecycle API (1.20+, full access): <c>GET /lifecycles</c>, <c>GET|POST|PUT|DELETE /lifecycles/{name}</c> and
/// <c>PATCH /lifecycles/{name}/mode</c>. A body is an extractor on the real server, so it is judged before the token.
/// </summary>
internal static class LifecycleEndpoints
{
    public static Task ListAsync(ServerContext server, HttpContext context)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        var policies = server.Lifecycles.List();
        return ResponseWriter.WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("lifecycles");
            foreach (var policy in policies)
            {
                LifecycleJson.WriteInfo(writer, policy);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static Task GetAsync(ServerContext server, HttpContext context, string name)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        var policy = server.Lifecycles.Get(name);
        return ResponseWriter.WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("info");
            LifecycleJson.WriteInfo(writer, policy);
            writer.WritePropertyName("settings");
            LifecycleJson.WriteSettings(writer, policy);
            writer.WriteEndObject();
        });
    }

    public static async Task CreateAsync(ServerContext server, HttpContext context, string name)
    {
        var request = LifecycleJson.ParseSettings(await server.ReadWholeBodyAsync(context).ConfigureAwait(false), server.Version.IsAtLeast(1, 21));
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        server.Lifecycles.Create(name, request);
        ResponseWriter.WriteEmptyOk(context);
    }

    public static async Task UpdateAsync(ServerContext server, HttpContext context, string name)
    {
        var request = LifecycleJson.ParseSettings(await server.ReadWholeBodyAsync(context).ConfigureAwait(false), server.Version.IsAtLeast(1, 21));
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        server.Lifecycles.Update(name, request);
        ResponseWriter.WriteEmptyOk(context);
    }

    public static async Task SetModeAsync(ServerContext server, HttpContext context, string name)
    {
        var mode = LifecycleJson.ParseMode(await server.ReadWholeBodyAsync(context).ConfigureAwait(false));
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        server.Lifecycles.SetMode(name, mode);
        ResponseWriter.WriteEmptyOk(context);
    }

    public static Task RemoveAsync(ServerContext server, HttpContext context, string name)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        server.Lifecycles.Remove(name);
        ResponseWriter.WriteEmptyOk(context);
        return Task.CompletedTask;
    }
}
