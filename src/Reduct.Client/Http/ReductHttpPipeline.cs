using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.ExceptionServices;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Reduct.Client.Diagnostics;

namespace Reduct.Client.Http;

/// <summary>
/// Sends requests to one ReductStore server: adds the API token, applies the timeout, tracks the API version
/// and turns every failure into a <see cref="ReductException"/> (or the caller's own exception from a body
/// source). Thread-safe; shared by a client and all its buckets.
/// </summary>
internal sealed class ReductHttpPipeline : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;

    public ReductHttpPipeline(HttpClient httpClient, bool ownsHttpClient, Uri serverUrl, ReductClientOptions options, ILogger logger)
    {
        _httpClient = httpClient;
        _ownsHttpClient = ownsHttpClient;
        _timeout = options.Timeout;
        _logger = logger;
        _authorization = string.IsNullOrEmpty(options.ApiToken) ? null : new AuthenticationHeaderValue("Bearer", options.ApiToken);
        ApiBase = new Uri(EnsureTrailingSlash(serverUrl), "api/v1/");
        Versions = new ApiVersionTracker(logger);
        Options = options;
    }

    /// <summary>The API root, <c>{server url}/api/v1/</c>.</summary>
    public Uri ApiBase { get; }

    /// <summary>The server's API version as last seen.</summary>
    public ApiVersionTracker Versions { get; }

    /// <summary>The options the client was created with.</summary>
    public ReductClientOptions Options { get; }

    /// <summary>Builds an absolute URI from a path relative to <see cref="ApiBase"/> (no leading slash).</summary>
    public Uri Uri(string relativePath) => new(ApiBase, relativePath);

    /// <summary>
    /// Sends a request and returns its successful response (the caller disposes it), or throws a
    /// <see cref="ReductException"/> for an error status or a transport failure.
    /// </summary>
    /// <param name="request">The request; disposed by this call when it throws.</param>
    /// <param name="completionOption">Whether to buffer the response body.</param>
    /// <param name="applyTimeout">False for streamed uploads, whose duration depends on the caller's source.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        HttpCompletionOption completionOption,
        bool applyTimeout,
        CancellationToken cancellationToken)
    {
        if (_authorization is not null)
        {
            request.Headers.Authorization = _authorization;
        }

        using CancellationTokenSource? timeoutSource = applyTimeout && _timeout != Timeout.InfiniteTimeSpan
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : null;
        timeoutSource?.CancelAfter(_timeout);
        CancellationToken token = timeoutSource?.Token ?? cancellationToken;

        long started = Stopwatch.GetTimestamp();
        string method = request.Method.Method;
        string path = request.RequestUri?.AbsolutePath ?? string.Empty;
        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, completionOption, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeoutSource?.IsCancellationRequested == true)
        {
            Log.RequestFailed(_logger, method, path, "timeout");
            throw new ReductException(ReductException.Timeout,
                $"{method} {path} got no response within {_timeout.TotalSeconds:0.###} s.", ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            ThrowSourceFailure(request.Content, ex);
            Log.RequestFailed(_logger, method, path, ex.GetType().Name);
            throw new ReductException(ReductException.ConnectionFailed, $"{method} {path}: {DescribeTransportFailure(ex)}", ex);
        }
        finally
        {
            request.Dispose();
        }

        Log.RequestCompleted(_logger, method, path, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            Versions.Observe(response);
            if (!response.IsSuccessStatusCode)
            {
                throw ErrorFrom(response);
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }

        return response;
    }

    /// <summary>Sends a request whose successful response has no interesting body.</summary>
    public async Task SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs a JSON document.</summary>
    public async Task<T> GetJsonAsync<T>(string relativePath, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Uri(relativePath));
        using HttpResponseMessage response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, cancellationToken).ConfigureAwait(false);
        try
        {
            T? value = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false);
            return value ?? throw new ReductException((int)response.StatusCode, $"GET {relativePath} returned an empty JSON body.");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ReductException((int)response.StatusCode, $"GET {relativePath} returned JSON this SDK cannot read: {ex.Message}", ex);
        }
    }

    /// <summary>Builds the exception for an error response from its <c>x-reduct-error</c> header, or its status line.</summary>
    public static ReductException ErrorFrom(HttpResponseMessage response)
    {
        string message = response.Headers.TryGetValues("x-reduct-error", out IEnumerable<string>? values)
            ? string.Join(", ", values)
            : $"{(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}";
        return new ReductException((int)response.StatusCode, message);
    }

    private static void ThrowSourceFailure(HttpContent? content, Exception transportException)
    {
        for (Exception? inner = transportException; inner is not null; inner = inner.InnerException)
        {
            if (inner is ContentLengthMismatchException mismatch)
            {
                throw new ReductException(ReductException.ContentLengthMismatch, mismatch.Message, transportException);
            }
        }

        if (content is ExactLengthContent { SourceFailure: { } failure })
        {
            // The caller's own stream or enumerable failed: give them their exception, not a network error.
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private static string DescribeTransportFailure(Exception ex)
    {
        // The innermost message names the real cause (refused, reset, name not resolved); none contains the token.
        Exception innermost = ex;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return ReferenceEquals(innermost, ex) ? ex.Message : $"{ex.Message} ({innermost.Message})";
    }

    private static Uri EnsureTrailingSlash(Uri url) =>
        url.AbsolutePath.EndsWith('/') ? url : new Uri(url.GetLeftPart(UriPartial.Path) + "/");

    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }
}
