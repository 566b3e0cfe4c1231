using System.Net.Http.Json;
using Reduct.Client.Http;
using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>Query links (<c>POST /api/v1/links/{file_name}</c>, ReductStore 1.17+).</summary>
public partial class Bucket
{
    /// <summary>
    /// Creates a shareable link to one record: whoever has the link downloads the record with a plain HTTP GET, without a
    /// token, until <see cref="QueryLinkOptions.ExpireAt"/> (24 hours by default). The link is sealed with the secret of
    /// this client's token, which needs read access to the bucket: removing or rotating that token ends every link it
    /// made.
    /// </summary>
    /// <remarks>
    /// <para>
    /// ReductStore 1.19.2 changed how a link names its record (by entry and timestamp instead of its position in the
    /// query result). The <c>x-reduct-api</c> header gives only <c>1.19</c>, so on such a server the call first reads
    /// the full version with <c>GET /api/v1/info</c>.
    /// </para>
    /// <para>
    /// The download answers the record's body with its content type and labels as headers, and byte ranges
    /// (<c>Range: bytes=0-99</c>, 206).
    /// </para>
    /// <code>
    /// Uri link = await bucket.CreateQueryLinkAsync("camera", timestamp, new QueryLinkOptions
    /// {
    ///     ExpireAt = DateTimeOffset.UtcNow.AddHours(1),
    ///     FileName = "frame.jpg",
    /// });
    /// </code>
    /// </remarks>
    /// <param name="entry">The record's entry, which the link's query runs on.</param>
    /// <param name="timestamp">The record's timestamp.</param>
    /// <param name="options">The query around the record, the expiry, the file name and the base URL; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The link.</returns>
    /// <exception cref="ArgumentException">
    /// The entry name is not allowed; the query's stop is before its start or the record is outside the range; the
    /// file name is not one; the base URL is not an absolute http or https URL.
    /// </exception>
    /// <exception cref="ReductException">
    /// 403 when the token cannot read the bucket; <see cref="ReductException.NotSupportedByServer"/> on a server older than
    /// API 1.17, or for a base URL on one older than 1.17.3 (nothing is sent).
    /// </exception>
    public virtual async Task<Uri> CreateQueryLinkAsync(
        string entry,
        ReductTimestamp timestamp,
        QueryLinkOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        options ??= new QueryLinkOptions();
        ValidateQueryLink(timestamp, options);
        string fileName = options.FileName ?? QueryLinkRequestJson.DefaultFileName(entry, timestamp);
        DateTimeOffset expireAt = options.ExpireAt ?? DateTimeOffset.UtcNow.AddDays(1);

        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.QueryLinks, cancellationToken).ConfigureAwait(false);
        await HierarchicalEntryCheck.ThrowIfUnsupportedAsync(Pipeline, entry, cancellationToken).ConfigureAwait(false);
        (bool byIdentity, bool takesBaseUrl) = await QueryLinkFormatAsync(cancellationToken).ConfigureAwait(false);
        if (options.BaseUrl is not null && !takesBaseUrl)
        {
            throw new ReductException(ReductException.NotSupportedByServer,
                "A query link with a base URL needs ReductStore 1.17.3 or newer. Nothing was sent.");
        }

        string path = "links/" + Uri.EscapeDataString(fileName);
        HttpRequestMessage request = Pipeline.JsonRequest(HttpMethod.Post, path, QueryLinkRequestJson.Write(Name, entry, timestamp, options, expireAt, byIdentity));
        using HttpResponseMessage response = await Pipeline.SendAsync(request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, cancellationToken)
            .ConfigureAwait(false);
        QueryLinkAnswer? answer;
        try
        {
            answer = await response.Content.ReadFromJsonAsync(ReductJsonContext.Default.QueryLinkAnswer, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ReductException((int)response.StatusCode, $"POST {path} returned JSON this SDK cannot read: {ex.Message}", ex);
        }

        return answer?.Link is { } link && Uri.TryCreate(link, UriKind.Absolute, out Uri? uri)
            ? uri
            : throw new ReductException((int)response.StatusCode, $"POST {path} returned no absolute link.");
    }

    private static void ValidateQueryLink(ReductTimestamp timestamp, QueryLinkOptions options)
    {
        ulong start = options.Start?.Microseconds ?? timestamp.Microseconds;
        ulong stop = options.Stop?.Microseconds ?? timestamp.Microseconds + 1;
        if (stop <= start)
        {
            throw new ArgumentException($"The link's query stops ({stop}) before it starts ({start}).", nameof(options));
        }

        if (timestamp.Microseconds < start || timestamp.Microseconds >= stop)
        {
            throw new ArgumentException(
                $"The record's timestamp ({timestamp.Microseconds}) is outside the link's query [{start}, {stop}): the link could never answer it.", nameof(options));
        }

        if (options.ExpireAt is { } expireAt && expireAt < DateTimeOffset.UnixEpoch)
        {
            throw new ArgumentException("QueryLinkOptions.ExpireAt must not be before 1970.", nameof(options));
        }

        if (options.FileName is { } fileName)
        {
            QueryLinkRequestJson.ValidateFileName(fileName, nameof(options));
        }

        if (options.BaseUrl is { } baseUrl && (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"QueryLinkOptions.BaseUrl '{baseUrl}' is not an absolute http or https URL.", nameof(options));
        }
    }

    /// <summary>
    /// How this server names a link's record, and whether it takes a base URL. Only API 1.17 and 1.19 need the full
    /// version, which costs one <c>GET /info</c>; a server whose API is unknown gets the current form.
    /// </summary>
    private async Task<(bool ByIdentity, bool TakesBaseUrl)> QueryLinkFormatAsync(CancellationToken cancellationToken)
    {
        Version? api = Pipeline.Versions.Current;
        if (api is null || api.Minor >= 20)
        {
            return (true, true);
        }

        if (api.Minor == 18)
        {
            return (false, true);
        }

        ServerInfo info = await Client.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        return (QueryLinkRequestJson.NamesRecordByIdentity(info.Version), QueryLinkRequestJson.TakesBaseUrl(info.Version));
    }
}
