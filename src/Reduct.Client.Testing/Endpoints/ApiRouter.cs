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
                return RouteReplications(server, context, tail);
            case "links" when server.Version.HasQueryLinks:
                return RouteLinks(server, context, tail);
            case "lifecycles" when server.Version.HasLifecycles:
                return RouteLifecycles(server, context, tail);
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
        var rawEntryPath = route[(slash + 1)..];
        if (bucket.Length == 0 || rawEntryPath.Length == 0)
        {
            return NotFound();
        }

        if (!server.Version.HasHierarchicalEntries)
        {
            return RouteFlatEntry(server, context, bucket, rawEntryPath);
        }

        // Kestrel leaves an encoded '/' encoded; the real router decodes the whole wildcard.
        var entryPath = rawEntryPath.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
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
            return RouteEntry(server, context, bucket, batchEntry, "batch");
        }

        if (EndsWithSegment(entryPath, "q", out var queryEntry) && method is "POST" or "GET" or "HEAD" or "DELETE")
        {
            return RouteEntry(server, context, bucket, queryEntry, "q");
        }

        return RouteEntry(server, context, bucket, entryPath, suffix: null);
    }

    /// <summary>
    /// The routes before 1.19: <c>/b/{bucket}/{entry}</c> and <c>/b/{bucket}/{entry}/batch|q|rename</c>, where the
    /// entry is one path segment (an encoded <c>/</c> in it is decoded after matching, and then fails the old name
    /// rule with 422). A path with more segments matches no route and falls to the real server's fallback, a
    /// GET-only handler for the web console: any other method gets the framework's bare 405 (no
    /// <c>x-reduct-error</c>), and GET or HEAD gets its 404 <c>Not found</c> for a path outside <c>/ui/</c>.
    /// </summary>
    /// <remarks>
    /// From the real server's router at 1.17 and 1.18 (axum routes with single-segment parameters, and
    /// <c>.fallback(get(show_ui))</c>). Whether a record of a v1 batch whose encoded entry name fails the old rule is
    /// refused per record or for the whole request was not settled from those sources; like the 1.19 server, this
    /// one refuses it per record.
    /// </remarks>
    private static Task RouteFlatEntry(ServerContext server, HttpContext context, string bucket, string rawEntryPath)
    {
        var slash = rawEntryPath.IndexOf('/', StringComparison.Ordinal);
        string? suffix = null;
        var rawEntry = rawEntryPath;
        if (slash >= 0)
        {
            suffix = rawEntryPath[(slash + 1)..];
            rawEntry = rawEntryPath[..slash];
            if (rawEntry.Length == 0 || suffix is not ("batch" or "q" or "rename"))
            {
                return HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                    ? NotFound()
                    : MethodNotAllowed(context);
            }
        }

        return RouteEntry(server, context, bucket, rawEntry.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase), suffix);
    }

    /// <summary>Dispatches by method once the route (entry and the suffix that selects the handler) is known.</summary>
    private static Task RouteEntry(ServerContext server, HttpContext context, string bucket, string entry, string? suffix)
    {
        var method = context.Request.Method;
        return suffix switch
        {
            // A PUT to /b/{bucket}/rename renames the bucket, to /b/{bucket}/{entry}/rename the entry.
            "rename" => method == "PUT" && server.Version.HasRenames
                ? RenameEndpoints.RenameEntryAsync(server, context, bucket, entry)
                : MethodNotAllowed(context),
            null when method == "PUT" => entry == "rename" && server.Version.HasRenames
                ? RenameEndpoints.RenameBucketAsync(server, context, bucket)
                : MethodNotAllowed(context),
            "batch" => method switch
            {
                "POST" => BatchV1WriteEndpoint.WriteAsync(server, context, bucket, entry),
                "PATCH" when server.Version.HasLabelUpdates => LabelUpdateEndpoints.UpdateBatchAsync(server, context, bucket, entry),
                "DELETE" when server.Version.HasRecordRemoval => RecordRemovalEndpoints.RemoveBatchAsync(server, context, bucket, entry),
                "GET" or "HEAD" => BatchV1ReadEndpoint.ReadAsync(server, context, bucket, entry),
                _ => MethodNotAllowed(context),
            },
            "q" => RouteQuery(server, context, bucket, entry),
            _ => method switch
            {
                "POST" => SingleRecordWriteEndpoint.WriteAsync(server, context, bucket, entry),
                "GET" or "HEAD" when context.Request.Query.ContainsKey("q") => QueryRecordReadEndpoint.ReadAsync(server, context, bucket, entry),
                "GET" or "HEAD" => SingleRecordReadEndpoint.ReadAsync(server, context, bucket, entry),
                "DELETE" => RecordRemovalEndpoints.RemoveAsync(server, context, bucket, entry),
                "PATCH" when server.Version.HasLabelUpdates => LabelUpdateEndpoints.UpdateOneAsync(server, context, bucket, entry),
                _ => MethodNotAllowed(context),
            },
        };
    }

    /// <summary><c>/b/{bucket}/{entry}/q</c>: queries by query string (GET, HEAD) and JSON (POST, from 1.13), removal queries (DELETE, from 1.12).</summary>
    private static Task RouteQuery(ServerContext server, HttpContext context, string bucket, string entry) => context.Request.Method switch
    {
        "GET" or "HEAD" => QueryCreateEndpoints.CreateFromQueryStringAsync(server, context, bucket, entry),
        "POST" when server.Version.IsAtLeast(1, 13) => QueryCreateEndpoints.CreateFromJsonAsync(server, context, bucket, entry),
        "DELETE" when server.Version.IsAtLeast(1, 12) => RemovalQueryEndpoints.RemoveWithQueryStringAsync(server, context, bucket, entry),
        _ => MethodNotAllowed(context),
    };

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

    /// <summary><c>/replications</c>, <c>/replications/{name}</c> and, from 1.18, <c>/replications/{name}/mode</c>; the name is percent-decoded.</summary>
    private static Task RouteReplications(ServerContext server, HttpContext context, string? route)
    {
        var method = context.Request.Method;
        if (route is null)
        {
            return method == "GET" ? ReplicationEndpoints.ListAsync(server, context) : MethodNotAllowed(context);
        }

        if (!TrySplitNamedRoute(route, out var name, out var action))
        {
            return NotFound();
        }

        return action switch
        {
            null => method switch
            {
                "GET" => ReplicationEndpoints.GetAsync(server, context, name),
                "POST" => ReplicationEndpoints.CreateAsync(server, context, name),
                "PUT" => ReplicationEndpoints.UpdateAsync(server, context, name),
                "DELETE" => ReplicationEndpoints.RemoveAsync(server, context, name),
                _ => MethodNotAllowed(context),
            },
            "mode" when server.Version.HasReplicationModes =>
                method == "PATCH" ? ReplicationEndpoints.SetModeAsync(server, context, name) : MethodNotAllowed(context),
            _ => NotFound(),
        };
    }

    /// <summary><c>/lifecycles</c>, <c>/lifecycles/{name}</c> and <c>/lifecycles/{name}/mode</c>; the name is percent-decoded.</summary>
    private static Task RouteLifecycles(ServerContext server, HttpContext context, string? route)
    {
        var method = context.Request.Method;
        if (route is null)
        {
            return method == "GET" ? LifecycleEndpoints.ListAsync(server, context) : MethodNotAllowed(context);
        }

        if (!TrySplitNamedRoute(route, out var name, out var action))
        {
            return NotFound();
        }

        return action switch
        {
            null => method switch
            {
                "GET" => LifecycleEndpoints.GetAsync(server, context, name),
                "POST" => LifecycleEndpoints.CreateAsync(server, context, name),
                "PUT" => LifecycleEndpoints.UpdateAsync(server, context, name),
                "DELETE" => LifecycleEndpoints.RemoveAsync(server, context, name),
                _ => MethodNotAllowed(context),
            },
            "mode" => method == "PATCH" ? LifecycleEndpoints.SetModeAsync(server, context, name) : MethodNotAllowed(context),
            _ => NotFound(),
        };
    }

    /// <summary>
    /// Splits <c>{name}</c> or <c>{name}/{action}</c> of a management route, the name percent-decoded; false for an
    /// empty name or more segments, which match no route.
    /// </summary>
    private static bool TrySplitNamedRoute(string route, out string name, out string? action)
    {
        var segments = route.Split('/');
        name = segments[0].Length == 0 ? string.Empty : Uri.UnescapeDataString(segments[0]);
        action = segments.Length == 2 ? segments[1] : null;
        return name.Length > 0 && segments.Length <= 2;
    }

    /// <summary><c>/links/{file_name}</c>: POST creates a link, GET and HEAD download it (the file name only names the download).</summary>
    private static Task RouteLinks(ServerContext server, HttpContext context, string? fileName)
    {
        if (string.IsNullOrEmpty(fileName) || fileName.Contains('/', StringComparison.Ordinal))
        {
            return NotFound();
        }

        return context.Request.Method switch
        {
            "POST" => QueryLinkEndpoints.CreateAsync(server, context, Uri.UnescapeDataString(fileName)),
            "GET" or "HEAD" => QueryLinkEndpoints.DownloadAsync(server, context),
            _ => MethodNotAllowed(context),
        };
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
            "update" => method == "PATCH" ? LabelUpdateEndpoints.UpdateBatchV2Async(server, context, bucket) : MethodNotAllowed(context),
            "remove" => method == "DELETE" ? RecordRemovalEndpoints.RemoveBatchV2Async(server, context, bucket) : MethodNotAllowed(context),
            "q" => method == "POST" ? QueryCreateEndpoints.CreateForBucketAsync(server, context, bucket) : MethodNotAllowed(context),
            "read" => IsGet(method) ? BatchV2ReadEndpoint.ReadAsync(server, context, bucket) : MethodNotAllowed(context),
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
}
