using System.Diagnostics;

namespace Reduct.Client.Diagnostics;

/// <summary>
/// Traces and measures each HTTP request: one <see cref="ActivityKind.Client"/> activity of the
/// <c>Reduct.Client</c> source, and the request duration and records-per-request histograms. The transport
/// calls <see cref="SendAsync"/> in place of <see cref="HttpClient.SendAsync(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/>.
/// </summary>
internal static class RequestTelemetry
{
    private const string ApiRoot = "/api/v1/";

    private static readonly ActivitySource Source = new(ReductTelemetry.ActivitySourceName, AssemblyVersion.Value);

    /// <summary>
    /// True when anyone listens to the activity source or the request instruments: callers attach a
    /// <see cref="RequestTelemetryInfo"/> only then, so an unobserved client allocates nothing for telemetry.
    /// </summary>
    public static bool IsEnabled => Source.HasListeners() || ReductMetrics.RequestInstrumentsEnabled;

    /// <summary>Sends a request through <paramref name="httpClient"/>, traced and measured when anyone listens.</summary>
    public static Task<HttpResponseMessage> SendAsync(
        HttpClient httpClient,
        HttpRequestMessage request,
        HttpCompletionOption completionOption,
        CancellationToken cancellationToken)
    {
        // Nobody listening: no activity, no tags, no extra state machine.
        return IsEnabled
            ? SendObservedAsync(httpClient, request, completionOption, cancellationToken)
            : httpClient.SendAsync(request, completionOption, cancellationToken);
    }

    private static async Task<HttpResponseMessage> SendObservedAsync(
        HttpClient httpClient,
        HttpRequestMessage request,
        HttpCompletionOption completionOption,
        CancellationToken cancellationToken)
    {
        string method = request.Method.Method;
        Uri? uri = request.RequestUri;
        string path = uri?.AbsolutePath ?? string.Empty;
        RequestTelemetryInfo? info = RequestTelemetryInfo.Of(request);
        (string template, string? bucket) = info is null ? DescribePath(path) : (info.Template, info.Bucket);

        using Activity? activity = Source.StartActivity(method + " " + template, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.HttpMethod, method);
            activity.SetTag(TelemetryTags.UrlPath, path);
            activity.SetTag(TelemetryTags.UrlTemplate, template);
            if (uri is not null && uri.IsAbsoluteUri)
            {
                activity.SetTag(TelemetryTags.ServerAddress, uri.Host);
                activity.SetTag(TelemetryTags.ServerPort, uri.Port);
            }

            activity.SetTag(TelemetryTags.Bucket, bucket);
            if (info is not null)
            {
                if (info.Entry is not null)
                {
                    activity.SetTag(TelemetryTags.Entry, info.Entry);
                }
                else
                {
                    activity.SetTag(TelemetryTags.EntryCount, info.EntryCount);
                }

                activity.SetTag(TelemetryTags.RecordCount, info.RecordCount);
            }
        }

        if (info is { IsWrite: true })
        {
            ReductMetrics.RecordsPerRequest(template, info.Bucket, info.RecordCount);
        }

        long started = Stopwatch.GetTimestamp();
        try
        {
            HttpResponseMessage response = await httpClient.SendAsync(request, completionOption, cancellationToken).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            string? errorType = response.IsSuccessStatusCode ? null : ReductMetrics.ErrorType(status);
            if (activity is not null)
            {
                activity.SetTag(TelemetryTags.HttpStatusCode, status);
                if (errorType is not null)
                {
                    activity.SetTag(TelemetryTags.ErrorType, errorType);
                    activity.SetStatus(ActivityStatusCode.Error);
                }
            }

            ReductMetrics.RequestDuration(Stopwatch.GetElapsedTime(started).TotalSeconds, method, template, uri, status, errorType);
            return response;
        }
        catch (Exception ex)
        {
            string errorType = ex is OperationCanceledException ? "canceled" : ex.GetType().FullName ?? ex.GetType().Name;
            if (activity is not null)
            {
                activity.SetTag(TelemetryTags.ErrorType, errorType);
                activity.SetStatus(ActivityStatusCode.Error, ex.Message);
            }

            ReductMetrics.RequestDuration(Stopwatch.GetElapsedTime(started).TotalSeconds, method, template, uri, status: null, errorType);
            throw;
        }
    }

    /// <summary>
    /// The route template and bucket of a request that carries no <see cref="RequestTelemetryInfo"/>, from its
    /// path: <c>/api/v1/b/my-bucket</c> gives <c>b/{bucket}</c> and <c>my-bucket</c>.
    /// </summary>
    internal static (string Template, string? Bucket) DescribePath(string path)
    {
        int root = path.LastIndexOf(ApiRoot, StringComparison.Ordinal);
        if (root < 0)
        {
            return ("other", null);
        }

        ReadOnlySpan<char> rest = path.AsSpan(root + ApiRoot.Length);
        int slash = rest.IndexOf('/');
        ReadOnlySpan<char> first = slash < 0 ? rest : rest[..slash];
        if (slash < 0)
        {
            return (first switch
            {
                "info" => "info",
                "list" => "list",
                "me" => "me",
                "alive" => "alive",
                "ready" => "ready",
                "tokens" => "tokens",
                _ => "other",
            }, null);
        }

        ReadOnlySpan<char> afterFirst = rest[(slash + 1)..];
        int nextSlash = afterFirst.IndexOf('/');
        string bucket = Uri.UnescapeDataString((nextSlash < 0 ? afterFirst : afterFirst[..nextSlash]).ToString());
        return first switch
        {
            "b" => (nextSlash < 0 ? "b/{bucket}" : "b/{bucket}/{entry}", bucket),
            "io" => ("io/{bucket}/" + (nextSlash < 0 ? string.Empty : afterFirst[(nextSlash + 1)..].ToString()), bucket),
            "tokens" => ("tokens/{name}", null),
            "links" => ("links/{file_name}", null),
            _ => ("other", null),
        };
    }
}
