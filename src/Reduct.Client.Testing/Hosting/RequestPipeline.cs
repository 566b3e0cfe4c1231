using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Reduct.Client.Testing.Endpoints;
using Reduct.Client.Testing.Faults;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Hosting;

/// <summary>
/// The one request delegate of the server: statistics, injected faults, version headers, routing
/// and the mapping of errors to the server's error convention.
/// </summary>
internal sealed class RequestPipeline
{
    private readonly ServerContext _server;
    private readonly string _serverHeader;
    private readonly string _apiHeader;

    public RequestPipeline(ServerContext server)
    {
        _server = server;
        _serverHeader = "ReductStore " + server.Version.ServerVersion;
        _apiHeader = server.Version.HeaderValue;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        _server.Statistics.RequestStarted(MeasureHead(context));

        // A request counts as active until its response is out, injected delays included.
        context.Response.OnCompleted(static statistics =>
        {
            ((ReductTestStatistics)statistics).RequestFinished();
            return Task.CompletedTask;
        }, _server.Statistics);

        if (_server.Faults.TakeFailure(context.Request.Path.Value ?? string.Empty) is { } failure)
        {
            await WriteInjectedFailureAsync(context, failure).ConfigureAwait(false);
            return;
        }

        if (_server.Faults.TakeResponseDelay() is { } delay)
        {
            // Runs after the handler did its work, right before the status line goes out.
            context.Response.OnStarting(() => Task.Delay(delay));
        }

        AddVersionHeaders(context);
        if (!RequestBodyDecoding.TryDecode(context, _server.Version, _server.Statistics))
        {
            await RequestBodyDecoding.RefuseAsync(context).ConfigureAwait(false);
            return;
        }

        await HandleAsync(context).ConfigureAwait(false);
    }

    /// <summary>
    /// Request line, each <c>name: value\r\n</c> and the final CRLF; values are Latin-1 decoded, so
    /// one char is one byte on the wire.
    /// </summary>
    private static long MeasureHead(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        long size = request.Method.Length + 1 + target.Length + 1 + request.Protocol.Length + 2;
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                size += header.Key.Length + 2 + (value?.Length ?? 0) + 2;
            }
        }

        return size + 2;
    }

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            await ApiRouter.RouteAsync(_server, context).ConfigureAwait(false);
        }
        catch (ReductErrorException error) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            await WriteErrorSafelyAsync(context, error.Status, error.Message).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException
            && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            await WriteErrorSafelyAsync(context, StatusCodes.Status500InternalServerError, exception.Message).ConfigureAwait(false);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client is gone; there is nobody to answer.
        }
    }

    private static async Task WriteErrorSafelyAsync(HttpContext context, int status, string message)
    {
        try
        {
            // Headers a handler added for a success (batch error headers, record metadata) must not leak into the error.
            var keep = context.Response.Headers
                .Where(h => string.Equals(h.Key, HeaderNames.Server, StringComparison.OrdinalIgnoreCase) || h.Key == ReductHeaders.Api)
                .ToList();
            context.Response.Clear();
            foreach (var header in keep)
            {
                context.Response.Headers[header.Key] = header.Value;
            }

            await ResponseWriter.WriteErrorAsync(context, status, message).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The connection broke while answering; the handler already did its cleanup.
        }
    }

    private void AddVersionHeaders(HttpContext context)
    {
        context.Response.Headers[HeaderNames.Server] = _serverHeader;
        context.Response.Headers[ReductHeaders.Api] = _apiHeader;
    }

    private Task WriteInjectedFailureAsync(HttpContext context, FailureRule failure)
    {
        if (failure.IncludeApiHeader)
        {
            AddVersionHeaders(context);
        }

        if (failure.RetryAfter is { } retryAfter)
        {
            var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
            context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return ResponseWriter.WriteErrorAsync(context, failure.Status, failure.Message);
    }

    /// <summary>Latin-1 keeps every received byte as one char, so non-ASCII header bytes reach the checks.</summary>
    public static Encoding RequestHeaderEncoding => Encoding.Latin1;
}
