using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// Maps a request to its endpoint the way the real router does: unknown paths are 404
/// <c>Not found</c>, a known path with another method is a bare 405, and an entry path is a
/// wildcard from which a trailing <c>/batch</c>, <c>/q</c> or <c>/rename</c> selects the handler.
/// </summary>
internal static class ApiRouter
{
    public static Task RouteAsync(ServerContext server, HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(server.ApiPrefix, StringComparison.Ordinal))
        {
            return NotFound();
        }

        var route = path[server.ApiPrefix.Length..];
        var method = context.Request.Method;
        var slash = route.IndexOf('/', StringComparison.Ordinal);
        var head = slash < 0 ? route : route[..slash];
        var tail = slash < 0 ? null : route[(slash + 1)..];

        switch (head)
        {
            case "info" when tail is null:
                return IsGet(method) ? ServerEndpoints.InfoAsync(server, context) : MethodNotAllowed(context);
            case "list" when tail is null:
                return IsGet(method) ? ServerEndpoints.ListAsync(server, context) : MethodNotAllowed(context);
            case "alive" when tail is null:
                return IsGet(method) ? ServerEndpoints.AliveAsync(context) : MethodNotAllowed(context);
            case "ready" when tail is null && server.Version.HasReadyEndpoint:
                return IsGet(method) ? ServerEndpoints.AliveAsync(context) : MethodNotAllowed(context);
            case "me" when tail is null:
                return IsGet(method) ? ServerEndpoints.MeAsync(server, context) : MethodNotAllowed(context);
            case "tokens":
                return RouteTokens(server, context, tail);
            case "replications" when server.Version.HasReplications:
                return NotSupported(context, "replication tasks");
            case "links" when server.Version.HasQueryLinks:
                return NotSupported(context, "query links");
            case "lifecycles" when server.Version.HasLifecycles:
                return NotSupported(context, "lifecycle policies");
            case "b" when !string.IsNullOrEmpty(tail):
                return RouteBucket(server, context, tail);
            case "io" when !string.IsNullOrEmpty(tail) && server.Version.HasBatchProtocolV2:
                return RouteIo(server, context, tail);
            default:
                return NotFound();
        }
    }

    private static Task RouteBucket(ServerContext server, HttpContext context, string route)
    {
        var method = context.Request.Method;
        var slash = route.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return method switch
            {
                "GET" => BucketEndpoints.GetAsync(server, context, route),
                "HEAD" => BucketEndpoints.HeadAsync(server, context, route),
                "POST" => BucketEndpoints.CreateAsync(server, context, route),
                "PUT" => BucketEndpoints.UpdateAsync(server, context, route),
                "DELETE" => BucketEndpoints.RemoveAsync(server, context, route),
                _ => MethodNotAllowed(context),
            };
        }

        var bucket = route[..slash];

        // Kestrel leaves an encoded '/' encoded; the real router decodes the whole wildcard.
        var entryPath = route[(slash + 1)..].Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (bucket.Length == 0 || entryPath.Length == 0)
        {
            return NotFound();
        }

        if (method == "PUT")
        {
            if (!server.Version.HasRenames)
            {
                return MethodNotAllowed(context);
            }

            // PUT has no route on an entry path other than its rename.
            return entryPath == "rename" ? RenameEndpoints.RenameBucketAsync(server, context, bucket)
                : EndsWithSegment(entryPath, "rename", out var renamedEntry) ? RenameEndpoints.RenameEntryAsync(server, context, bucket, renamedEntry)
                : NotFound();
        }

        if (EndsWithSegment(entryPath, "batch", out var batchEntry))
        {
            return method switch
            {
                "POST" => BatchV1WriteEndpoint.WriteAsync(server, context, bucket, batchEntry),
                "GET" or "HEAD" or "PATCH" or "DELETE" => NotSupported(context, "this batch operation"),
                _ => MethodNotAllowed(context),
            };
        }

        if (EndsWithSegment(entryPath, "q", out _) && method is "POST" or "GET" or "HEAD" or "DELETE")
        {
            return NotSupported(context, "queries");
        }

        return method switch
        {
            "POST" => SingleRecordWriteEndpoint.WriteAsync(server, context, bucket, entryPath),
            "GET" or "HEAD" => SingleRecordReadEndpoint.ReadAsync(server, context, bucket, entryPath),
            "DELETE" => RecordRemovalEndpoints.RemoveAsync(server, context, bucket, entryPath),
            "PATCH" => NotSupported(context, "label updates"),
            _ => MethodNotAllowed(context),
        };
    }

    /// <summary><c>/tokens</c>, <c>/tokens/{name}</c> and, from 1.19, <c>/tokens/{name}/rotate</c>; the name is percent-decoded.</summary>
    private static Task RouteTokens(ServerContext server, HttpContext context, string? route)
    {
        var method = context.Request.Method;
        if (route is null)
        {
            return method == "GET" ? TokenEndpoints.ListAsync(server, context) : MethodNotAllowed(context);
        }

        var segments = route.Split('/');
        if (segments[0].Length == 0)
        {
            return NotFound();
        }

        var name = Uri.UnescapeDataString(segments[0]);
        switch (segments.Length)
        {
            case 1:
                return method switch
                {
                    "GET" => TokenEndpoints.GetAsync(server, context, name),
                    "POST" => TokenEndpoints.CreateAsync(server, context, name),
                    "DELETE" => TokenEndpoints.RemoveAsync(server, context, name),
                    _ => MethodNotAllowed(context),
                };
            case 2 when segments[1] == "rotate" && server.Version.HasTokenLifetime:
                return method == "POST" ? TokenEndpoints.RotateAsync(server, context, name) : MethodNotAllowed(context);
            default:
                return NotFound();
        }
    }

    private static Task RouteIo(ServerContext server, HttpContext context, string route)
    {
        var slash = route.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return NotFound();
        }

        var bucket = route[..slash];
        var method = context.Request.Method;
        return route[(slash + 1)..] switch
        {
            "write" => method == "POST" ? BatchV2WriteEndpoint.WriteAsync(server, context, bucket) : MethodNotAllowed(context),
            "update" => method == "PATCH" ? NotSupported(context, "label updates") : MethodNotAllowed(context),
            "remove" => method == "DELETE" ? NotSupported(context, "record removal by batch") : MethodNotAllowed(context),
            "q" => method == "POST" ? NotSupported(context, "queries") : MethodNotAllowed(context),
            "read" => IsGet(method) ? NotSupported(context, "batched reads") : MethodNotAllowed(context),
            _ => NotFound(),
        };
    }

    /// <summary>A trailing <c>/name</c> counts only when a <c>/</c> comes before it.</summary>
    private static bool EndsWithSegment(string entryPath, string name, out string entry)
    {
        if (entryPath.Length > name.Length + 1
            && entryPath.EndsWith(name, StringComparison.Ordinal)
            && entryPath[entryPath.Length - name.Length - 1] == '/')
        {
            entry = entryPath[..(entryPath.Length - name.Length - 1)];
            return true;
        }

        entry = entryPath;
        return false;
    }

    private static bool IsGet(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    private static Task NotFound() => throw ReductErrorException.NotFound("Not found");

    /// <summary>Produced by the framework on the real server: no <c>x-reduct-error</c>.</summary>
    private static Task MethodNotAllowed(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static Task NotSupported(HttpContext context, string feature) =>
        ResponseWriter.WriteErrorAsync(context, StatusCodes.Status501NotImplemented, $"The reference server does not implement {feature}");
}
