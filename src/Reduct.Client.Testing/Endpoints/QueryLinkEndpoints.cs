using System.Globalization;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Links;
using Reduct.Client.Testing.Protocol;
using Reduct.Client.Testing.Querying;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// Query links (read reference §9.3, 1.17+): <c>POST /links/{file_name}</c> seals the query with a key derived from the
/// caller's token secret and answers the link; <c>GET|HEAD /links/{file_name}?ct&amp;s&amp;i&amp;n[&amp;e&amp;ts]</c>
/// needs no token, opens the query with the issuing token's current secret, runs it and answers the one record the link
/// names (by entry and timestamp from 1.19.2, by position before), whole or in byte ranges.
/// </summary>
internal static class QueryLinkEndpoints
{
    public static async Task CreateAsync(ServerContext server, HttpContext context, string fileName)
    {
        // The body is an extractor on the real server, so it is judged before the token is.
        var identity = server.Version.HasQueryLinkRecordIdentity;
        var request = QueryLinkJson.Parse(await server.ReadWholeBodyAsync(context).ConfigureAwait(false), identity, server.Version.HasQueryLinkBaseUrl);
        var query = QueryEntryJson.Parse(request.Query);
        var token = server.Tokens.Authorize(context.Request, AccessPolicy.Read, request.Bucket);
        if (query.Type != QueryType.Query)
        {
            throw ReductErrorException.UnprocessableEntity("Only 'Query' type is supported for query links");
        }

        if (identity && (request.RecordEntry is null || request.RecordTimestamp is null))
        {
            throw ReductErrorException.UnprocessableEntity("Both 'record_entry' and 'record_timestamp' must be provided in payload");
        }

        var baseUrl = request.BaseUrl is { } given ? NormalizeBaseUrl(given) : $"{context.Request.Scheme}://{context.Request.Host}{server.BasePath}";
        var (ciphertext, salt, nonce) = QueryLinkCipher.Seal(SecretOf(server, token), QueryLinkJson.WritePayload(request));
        var link = $"{baseUrl}api/v1/links/{Uri.EscapeDataString(fileName)}?ct={ciphertext}&s={salt}&i={Uri.EscapeDataString(token.Name)}&n={nonce}";
        await ResponseWriter.WriteJsonAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("link", link);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public static async Task DownloadAsync(ServerContext server, HttpContext context)
    {
        var parameters = context.Request.Query;
        var ciphertext = Required(parameters, "ct");
        var salt = Required(parameters, "s");
        var nonce = Required(parameters, "n");
        var issuer = Required(parameters, "i");

        // 404 when the issuing token was removed; a rotated one has a new secret, which no longer opens the link.
        var token = server.Tokens.IsEnabled ? server.Tokens.Get(issuer).Token : server.Tokens.AuthenticationDisabled;
        var request = QueryLinkJson.ReadPayload(QueryLinkCipher.Open(SecretOf(server, token), ciphertext, salt, nonce));
        var now = server.Clock.GetUtcNow();
        if (DateTimeOffset.FromUnixTimeSeconds(request.ExpireAt) < now)
        {
            throw ReductErrorException.UnprocessableEntity("Query link has expired");
        }

        var identity = server.Version.HasQueryLinkRecordIdentity;
        if (identity)
        {
            request = WithRecordFromParameters(request, parameters);
        }

        if (server.Tokens.IsEnabled)
        {
            if (token.ExpiresAt is { } expiresAt && now >= expiresAt)
            {
                throw ReductErrorException.Unauthorized("Token has expired");
            }

            if (!TokenRegistry.CanRead(token, request.Bucket))
            {
                throw ReductErrorException.Forbidden($"Token '{token.Name}' doesn't have read access to bucket '{request.Bucket}'");
            }
        }

        var query = QueryEntryJson.Parse(request.Query);
        var cursors = new QueryPlanner(server).CreateLinkCursors(query, request.Bucket, request.Entry, overEntries: identity);
        var record = identity
            ? FindByIdentity(cursors, request.RecordEntry!, request.RecordTimestamp!.Value)
            : FindByIndex(cursors[0], request.Index ?? 0);
        await WriteRecordAsync(context, record).ConfigureAwait(false);
    }

    private static QueryRecord FindByIdentity(List<EntryCursor> cursors, string entry, ulong timestamp)
    {
        foreach (var cursor in cursors.Where(c => c.Entry == entry))
        {
            while (cursor.Next(out var record) == CursorStep.Record)
            {
                if (record!.Timestamp == timestamp)
                {
                    return record;
                }
            }
        }

        throw ReductErrorException.NotFound($"Record {entry}/{timestamp} not found in query result");
    }

    private static QueryRecord FindByIndex(EntryCursor cursor, ulong index)
    {
        for (ulong count = 0; cursor.Next(out var record) == CursorStep.Record; count++)
        {
            if (count == index)
            {
                return record!;
            }
        }

        throw ReductErrorException.NotFound("Record number out of range");
    }

    private static async Task WriteRecordAsync(HttpContext context, QueryRecord found)
    {
        var record = found.Record;
        if (!record.Content.KeepsBytes)
        {
            throw new ReductErrorException(StatusCodes.Status501NotImplemented, "Record bodies are not kept by this server (DiscardBodies is set)");
        }

        var response = context.Response;
        SingleRecordReadEndpoint.WriteRecordHeaders(response, record.Timestamp, record.ContentType, record.Length, found.Labels);
        response.Headers[HeaderNames.AcceptRanges] = "bytes";
        var isHead = HttpMethods.IsHead(context.Request.Method);
        if (context.Request.Headers.Range is { Count: > 0 } rangeHeader)
        {
            var parts = ByteRanges.Parse(rangeHeader.ToString(), record.Length);
            if (parts.Count == 0)
            {
                // ReductStore 1.20 means to answer this but drops the connection instead; this is the answer it intends.
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers[HeaderNames.ContentRange] = string.Create(CultureInfo.InvariantCulture, $"bytes */{record.Length}");
                response.ContentLength = 0;
                return;
            }

            var (first, last) = parts[0];
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers[HeaderNames.ContentRange] = string.Create(CultureInfo.InvariantCulture, $"bytes {first}-{last}/{record.Length}");
            response.ContentLength = parts.Sum(p => p.Last - p.First + 1);
            if (!isHead)
            {
                var body = record.ReadData();
                foreach (var (from, through) in parts)
                {
                    await response.Body.WriteAsync(body.AsMemory((int)from, (int)(through - from + 1)), context.RequestAborted).ConfigureAwait(false);
                }
            }

            return;
        }

        if (!isHead)
        {
            await record.Content.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary><c>e</c> and <c>ts</c> name another record of the same query: both or neither.</summary>
    private static QueryLinkRequest WithRecordFromParameters(QueryLinkRequest request, IQueryCollection parameters)
    {
        var hasEntry = parameters.TryGetValue("e", out var entry);
        var hasTimestamp = parameters.TryGetValue("ts", out var timestampText);
        if (hasEntry && hasTimestamp)
        {
            if (!ulong.TryParse(timestampText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            {
                throw ReductErrorException.UnprocessableEntity("Invalid 'ts' parameter: invalid digit found in string");
            }

            request = request with { RecordEntry = entry.ToString(), RecordTimestamp = timestamp };
        }
        else if (hasEntry || hasTimestamp)
        {
            throw ReductErrorException.UnprocessableEntity("Both 'e' and 'ts' parameters must be provided together");
        }

        return request.RecordEntry is null || request.RecordTimestamp is null
            ? throw ReductErrorException.UnprocessableEntity("Both 'record_entry' and 'record_timestamp' must be provided in payload or URL parameters")
            : request;
    }

    private static string Required(IQueryCollection parameters, string name) =>
        parameters.TryGetValue(name, out var value) ? value.ToString() : throw ReductErrorException.UnprocessableEntity($"Missing '{name}' parameter");

    /// <summary>Without authentication the key comes from an empty secret, as on the real server.</summary>
    private static string SecretOf(ServerContext server, AccessToken token) => server.Tokens.IsEnabled ? token.Secret : string.Empty;

    /// <summary>An absolute URL, with a trailing <c>/</c> added when it has none.</summary>
    private static string NormalizeBaseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.IsFile)
        {
            throw ReductErrorException.UnprocessableEntity("Invalid base_url provided for query link: relative URL without a base");
        }

        var normalized = url.AbsoluteUri;
        return normalized.EndsWith('/') ? normalized : normalized + "/";
    }
}
