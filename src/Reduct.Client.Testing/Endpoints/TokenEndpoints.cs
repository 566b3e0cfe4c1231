using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// The token API: <c>GET /tokens</c>, <c>GET|POST|DELETE /tokens/{name}</c> and
/// <c>POST /tokens/{name}/rotate</c> (1.19+), all for full-access tokens. Without authentication
/// the list is empty, removal succeeds, and the other calls answer 400
/// <c>Authentication is disabled</c>, as the real server's disabled token repository does.
/// </summary>
internal static class TokenEndpoints
{
    private const string AuthenticationDisabled = "Authentication is disabled";

    public static Task ListAsync(ServerContext server, HttpContext context)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        var tokens = server.Tokens.IsEnabled ? server.Tokens.List() : Array.Empty<TokenView>();
        return ResponseWriter.WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("tokens");
            foreach (var token in tokens)
            {
                ApiJson.WriteToken(writer, token, server.Version.HasTokenLifetime);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static Task GetAsync(ServerContext server, HttpContext context, string name)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        RequireAuthentication(server);
        var token = server.Tokens.Get(name);
        return ResponseWriter.WriteJsonAsync(context, writer => ApiJson.WriteToken(writer, token, server.Version.HasTokenLifetime));
    }

    public static async Task CreateAsync(ServerContext server, HttpContext context, string name)
    {
        // The body is an extractor on the real server, so it is judged before the token is.
        var request = TokenCreateJson.Parse(await server.ReadWholeBodyAsync(context).ConfigureAwait(false), server.Version.HasTokenLifetime);
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        RequireAuthentication(server);
        var secret = server.Tokens.Create(name, request);
        await ResponseWriter.WriteJsonAsync(context, writer => ApiJson.WriteTokenSecret(writer, secret)).ConfigureAwait(false);
    }

    public static Task RotateAsync(ServerContext server, HttpContext context, string name)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        RequireAuthentication(server);
        var secret = server.Tokens.Rotate(name);
        return ResponseWriter.WriteJsonAsync(context, writer => ApiJson.WriteTokenSecret(writer, secret));
    }

    public static Task RemoveAsync(ServerContext server, HttpContext context, string name)
    {
        server.Tokens.Authorize(context.Request, AccessPolicy.FullAccess, bucket: null);
        if (server.Tokens.IsEnabled)
        {
            server.Tokens.Remove(name);
        }

        ResponseWriter.WriteEmptyOk(context);
        return Task.CompletedTask;
    }

    private static void RequireAuthentication(ServerContext server)
    {
        if (!server.Tokens.IsEnabled)
        {
            throw ReductErrorException.BadRequest(AuthenticationDisabled);
        }
    }
}
