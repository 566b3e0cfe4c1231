using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.ExceptionServices;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly;
using Reduct.Client.Diagnostics;
using Reduct.Client.Protocol;

namespace Reduct.Client.Http;

/// <summary>
/// Sends requests to one ReductStore server: adds the API token, runs each call through the resilience pipeline
/// (a fresh request message per attempt, the body shared while it can be replayed), applies the no-progress
/// timeout, tracks the API version and turns every failure into a <see cref="ReductException"/> (or the caller's
/// own exception from a body source). Thread-safe; shared by a client and all its buckets.
/// </summary>
internal sealed class ReductHttpPipeline : IDisposable
{
    // From this many batch headers on, half of them travel in the body's header collection (see AddExtraHeaders).
    private const int SplitHeadersFrom = 24;

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _resilience;
    private int _disposed;

    public ReductHttpPipeline(HttpClient httpClient, bool ownsHttpClient, Uri serverUrl, ReductClientOptions options, ILogger logger)
    {
        _httpClient = httpClient;
        _ownsHttpClient = ownsHttpClient;
        _timeout = options.Timeout;
        _logger = logger;
        _authorization = string.IsNullOrEmpty(options.ApiToken) ? null : new AuthenticationHeaderValue("Bearer", options.ApiToken);
        _resilience = options.ResiliencePipeline ?? DefaultResilience.Create(options.Retry, logger);
        ApiBase = new Uri(EnsureTrailingSlash(serverUrl), "api/v1/");
        Versions = new ApiVersionTracker(logger);
        Options = options;
        Compression = new RequestCompression(options, Versions, logger);
    }

    /// <summary>The API root, <c>{server url}/api/v1/</c>.</summary>
    public Uri ApiBase { get; }

    /// <summary>The server's API version as last seen.</summary>
    public ApiVersionTracker Versions { get; }

    /// <summary>The client's per-entry write locks: one write request in flight per entry.</summary>
    public EntryWriteLocks EntryWrites { get; } = new();

    /// <summary>How many records one batch request to this server may carry, learned from its 431 answers.</summary>
    public LearnedRecordLimit BatchRecordLimit { get; } = new();

    /// <summary>Whether the bodies the client writes go compressed to this server.</summary>
    public RequestCompression Compression { get; }

    /// <summary>Where the client logs.</summary>
    public ILogger Logger => _logger;

    /// <summary>The options the client was created with.</summary>
    public ReductClientOptions Options { get; }

    /// <summary>True once the client that owns this pipeline was disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Builds an absolute URI from a path relative to <see cref="ApiBase"/> (no leading slash).</summary>
    public Uri Uri(string relativePath) => new(ApiBase, relativePath);

    /// <summary>
    /// Learns the server's API version with one <c>GET /info</c> when no response has carried it yet; does
    /// nothing once it is known. A failure leaves it unknown: the caller's own requests then report it.
    /// </summary>
    /// <exception cref="ReductException"><see cref="ReductException.UnsupportedApiVersion"/>: the server speaks another major version.</exception>
    public async ValueTask EnsureApiVersionKnownAsync(CancellationToken cancellationToken)
    {
        if (Versions.Current is not null)
        {
            return;
        }

        try
        {
            // Any answer that carries x-reduct-api will do.
            using var request = new HttpRequestMessage(HttpMethod.Get, Uri("info"));
            using HttpResponseMessage response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, cancellationToken).ConfigureAwait(false);
        }
        catch (ReductException ex) when (ex.Status != ReductException.UnsupportedApiVersion)
        {
            // Left unknown; the requests that follow carry their own answer.
        }
    }

    /// <summary>
    /// Sends a request and returns its successful response (the caller disposes it), or throws a
    /// <see cref="ReductException"/> for an error status or a transport failure.
    /// </summary>
    /// <param name="request">The request; disposed by this call, content included.</param>
    /// <param name="completionOption">Whether to buffer the response body.</param>
    /// <param name="applyTimeout">False to send without the no-progress timeout.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        HttpCompletionOption completionOption,
        bool applyTimeout,
        CancellationToken cancellationToken) =>
        SendAsync(request, completionOption, applyTimeout, history: null, extraHeaders: null, preparedFirstAttempt: null, cancellationToken);

    /// <summary>
    /// Sends a request through the resilience pipeline, each attempt built from the template (see the overload with a
    /// prepared first attempt), and returns its successful response or throws a <see cref="ReductException"/>.
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        HttpCompletionOption completionOption,
        bool applyTimeout,
        RequestHistory? history,
        IReadOnlyList<KeyValuePair<string, string>>? extraHeaders,
        CancellationToken cancellationToken) =>
        SendAsync(request, completionOption, applyTimeout, history, extraHeaders, preparedFirstAttempt: null, cancellationToken);

    /// <summary>
    /// Sends a request through the resilience pipeline and returns its successful response (the caller disposes
    /// it), or throws a <see cref="ReductException"/> for an error status or a transport failure.
    /// </summary>
    /// <param name="request">
    /// The template of every attempt: each attempt sends a copy of its method, URI, headers and options with the same
    /// content, because a request message cannot be sent twice. Disposed by this call, content included.
    /// </param>
    /// <param name="completionOption">Whether to buffer the response body.</param>
    /// <param name="applyTimeout">False to send without the no-progress timeout.</param>
    /// <param name="history">Receives what happened to the attempts; null when the caller does not need it.</param>
    /// <param name="extraHeaders">
    /// Headers every attempt adds as they are, without validation (batch headers, already checked when the records
    /// were added); kept apart from the template so that each attempt adds them once instead of copying them.
    /// Null for none.
    /// </param>
    /// <param name="preparedFirstAttempt">
    /// The first attempt's message as <see cref="PrepareFirstAttempt"/> built it from this template and these extra
    /// headers, or null to build it when the attempt starts. Disposed by this call.
    /// </param>
    /// <param name="cancellationToken">Cancels the request, including the waits between attempts.</param>
    public async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        HttpCompletionOption completionOption,
        bool applyTimeout,
        RequestHistory? history,
        IReadOnlyList<KeyValuePair<string, string>>? extraHeaders,
        HttpRequestMessage? preparedFirstAttempt,
        CancellationToken cancellationToken)
    {
        var state = new SendState(request, completionOption, applyTimeout, history ?? new RequestHistory(), preparedFirstAttempt) { ExtraHeaders = extraHeaders };
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(IsDisposed, typeof(ReductClient));
            context.Properties.Set(SendState.Key, state);
            Outcome<HttpResponseMessage> outcome = await _resilience.ExecuteOutcomeAsync(
                static (attemptContext, self) => self.Pipeline.AttemptAsync(attemptContext, self.State),
                context,
                (Pipeline: this, State: state)).ConfigureAwait(false);

            if (outcome.Exception is { } exception)
            {
                if (exception is ReductException failure)
                {
                    throw Finish(failure, state);
                }

                ExceptionDispatchInfo.Capture(exception).Throw();
            }

            HttpResponseMessage response = outcome.Result!;
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    throw Finish(ErrorFrom(response), state);
                }
            }

            return response;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);

            // Attempts sent copies; the template and the shared body are released here, once.
            state.TakePreparedAttempt()?.Dispose();
            request.Dispose();
        }
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

    /// <summary>A request under <see cref="ApiBase"/> with a JSON body (<c>Content-Type: application/json</c>).</summary>
    public HttpRequestMessage JsonRequest(HttpMethod method, string relativePath, byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(method, Uri(relativePath)) { Content = content };
    }

    /// <summary>Builds the exception for an error response (see <see cref="ServerErrors.From"/>).</summary>
    public static ReductException ErrorFrom(HttpResponseMessage response)
    {
        // The query of a redirect target is left out of the message: it may carry secrets of its own.
        string? redirectTarget = response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location.GetLeftPart(UriPartial.Path) : location.OriginalString.Split('?')[0])
            : null;
        return ServerErrors.From((int)response.StatusCode, response.ReasonPhrase,
            response.Headers.TryGetValues(ServerErrors.ErrorHeader, out IEnumerable<string>? values) ? values : null, redirectTarget);
    }

    /// <summary>One attempt: a fresh copy of the request, sent with the shared body under the no-progress timeout.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(ResilienceContext context, SendState state)
    {
        CancellationToken cancellationToken = context.CancellationToken;
        if (state.History.Attempts > 0 && !state.CanSendAgain)
        {
            // Only a caller's own pipeline gets here: the default one does not retry such a request.
            return Outcome.FromException<HttpResponseMessage>(Finish(state.LastFailure
                ?? new ReductException(ReductException.ConnectionFailed, $"{state.Method} {state.Path} failed."), state, state.ReplayRefusal));
        }

        state.History.Attempts++;
        using NoProgressTimeout? timeout = state.ApplyTimeout && _timeout != Timeout.InfiniteTimeSpan
            ? new NoProgressTimeout(_timeout, cancellationToken)
            : null;
        CancellationToken token = timeout?.Token ?? cancellationToken;
        HttpRequestMessage request;
        if (state.TakePreparedAttempt() is { } prepared)
        {
            request = prepared;
            if (request.Content is AttemptContent body)
            {
                body.Timeout = timeout;
            }
        }
        else
        {
            request = CopyForAttempt(state.Template, state.ExtraHeaders, timeout);
        }

        long started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await RequestTelemetry.SendAsync(_httpClient, request, state.CompletionOption, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeout?.HasFired == true)
        {
            Log.RequestFailed(_logger, state.Method, state.Path, "timeout");
            state.TimedOutAttempts++;
            return Failed(state, ambiguous: true, new ReductException(ReductException.Timeout,
                $"{state.Method} {state.Path} made no progress for {_timeout.TotalSeconds:0.###} s.", ex));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            ThrowSourceFailure(state.Content, ex);
            Log.RequestFailed(_logger, state.Method, state.Path, ex.GetType().Name);
            state.TimedOutAttempts = 0;
            Outcome<HttpResponseMessage> failed = Failed(state, RetryClassifier.MayHaveReachedServer(ex), new ReductException(ReductException.ConnectionFailed,
                $"{state.Method} {state.Path}: {DescribeTransportFailure(ex)}", ex));
            state.LastAttemptRetryable = !RetryClassifier.IsCertificateFailure(ex);
            return failed;
        }
        finally
        {
            // The shared body must survive for the next attempt; only the per-attempt wrapper goes.
            HttpContent? wrapper = request.Content;
            request.Content = null;
            wrapper?.Dispose();
            request.Dispose();
        }

        Log.RequestCompleted(_logger, state.Method, state.Path, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            Versions.Observe(response);
        }
        catch (ReductException unsupported)
        {
            response.Dispose();
            return Outcome.FromException<HttpResponseMessage>(unsupported);
        }

        state.LastAttemptAmbiguous = false;
        state.LastAttemptRetryable = true;
        state.TimedOutAttempts = 0;
        if (!response.IsSuccessStatusCode)
        {
            state.LastFailure = ErrorFrom(response);
        }

        return Outcome.FromResult(response);
    }

    private static Outcome<HttpResponseMessage> Failed(SendState state, bool ambiguous, ReductException failure)
    {
        state.LastAttemptRetryable = true;
        state.LastAttemptAmbiguous = ambiguous;
        state.History.AfterAmbiguousFailure |= ambiguous;
        state.LastFailure = failure;
        return Outcome.FromException<HttpResponseMessage>(failure);
    }

    /// <summary>
    /// Builds the message of a request's first attempt ahead of <see cref="SendAsync(HttpRequestMessage, HttpCompletionOption, bool, RequestHistory?, IReadOnlyList{KeyValuePair{string, string}}?, HttpRequestMessage?, CancellationToken)"/>:
    /// a copy of the template with its extra headers, as the attempt would build it, whose no-progress timeout starts
    /// only with the attempt. Adding a batch's record headers is most of a batch request's set-up, so a caller that
    /// would otherwise wait (the writer, while the previous request to the same entry is on the wire) does it then.
    /// </summary>
    public HttpRequestMessage PrepareFirstAttempt(HttpRequestMessage template, IReadOnlyList<KeyValuePair<string, string>>? extraHeaders) =>
        CopyForAttempt(template, extraHeaders, timeout: null);

    /// <summary>A copy of the caller's request for one attempt, with the token and a progress-reporting body.</summary>
    private HttpRequestMessage CopyForAttempt(HttpRequestMessage template, IReadOnlyList<KeyValuePair<string, string>>? extraHeaders, NoProgressTimeout? timeout)
    {
        var request = new HttpRequestMessage(template.Method, template.RequestUri)
        {
            Version = template.Version,
            VersionPolicy = template.VersionPolicy,
        };

        // The non-validated view copies the header text as it is: the validating enumerator would parse every
        // value first, which costs more than the rest of a batch request's set-up.
        foreach (KeyValuePair<string, HeaderStringValues> header in template.Headers.NonValidated)
        {
            if (header.Value.Count == 1)
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToString());
            }
            else
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        foreach (KeyValuePair<string, object?> option in template.Options)
        {
            ((IDictionary<string, object?>)request.Options)[option.Key] = option.Value;
        }

        if (_authorization is not null)
        {
            request.Headers.Authorization = _authorization;
        }

        if (template.Content is { } content)
        {
            request.Content = new AttemptContent(content, timeout);
        }

        if (extraHeaders is not null)
        {
            AddExtraHeaders(request, extraHeaders);
        }

        return request;
    }

    /// <summary>Adds the batch headers of an attempt, as they are.</summary>
    private static void AddExtraHeaders(HttpRequestMessage request, IReadOnlyList<KeyValuePair<string, string>> extraHeaders)
    {
        // A header collection looks for an existing header of the same name before each add, through a list of up
        // to 64 names, so filling one with a batch's record headers costs time that grows with their square (most of
        // the set-up of an 80-record request). The body's header collection is sent in the same head, so the second
        // half of a long list goes there: two lists of half the length take half the comparisons.
        int inRequest = request.Content is null || extraHeaders.Count < SplitHeadersFrom ? extraHeaders.Count : extraHeaders.Count / 2;
        for (int i = 0; i < inRequest; i++)
        {
            request.Headers.TryAddWithoutValidation(extraHeaders[i].Key, extraHeaders[i].Value);
        }

        for (int i = inRequest; i < extraHeaders.Count; i++)
        {
            request.Content!.Headers.TryAddWithoutValidation(extraHeaders[i].Key, extraHeaders[i].Value);
        }
    }

    /// <summary>The exception reported to the caller: the last failure, with why it was not (or no longer) retried.</summary>
    private static ReductException Finish(ReductException failure, SendState state, string? reason = null)
    {
        reason ??= state.NotRetriedReason is { } notRetried
            ? (notRetried.StartsWith("Not retried", StringComparison.Ordinal) ? notRetried : "Not retried: " + notRetried)
            : null;
        string? attempts = state.History.Attempts > 1
            ? $"Gave up after {state.History.Attempts} attempts."
            : null;
        string? note = (reason, attempts) switch
        {
            (null, null) => null,
            (null, _) => attempts,
            (_, null) => reason,
            _ => attempts + " " + reason,
        };
        bool unknown = state.History.AfterAmbiguousFailure;
        return note is null && unknown == failure.IsOutcomeUnknown
            ? failure
            : new ReductException(failure.Status, failure.ServerMessage, note, failure.InnerException ?? failure) { IsOutcomeUnknown = unknown };
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

        // .NET often repeats the innermost message in the outer one ("Connection refused (host:port)"): say it once.
        return ReferenceEquals(innermost, ex) || ex.Message.Contains(innermost.Message, StringComparison.Ordinal)
            ? ex.Message
            : $"{ex.Message} ({innermost.Message})";
    }

    private static Uri EnsureTrailingSlash(Uri url) =>
        url.AbsolutePath.EndsWith('/') ? url : new Uri(url.GetLeftPart(UriPartial.Path) + "/");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }
}
