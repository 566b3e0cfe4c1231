using System.Diagnostics;
using System.Globalization;
using System.Net;
using Polly;

namespace Reduct.Client.Http;

/// <summary>
/// Which failures are retried, in one place: transient statuses and transport failures of requests whose body can
/// be sent again, within the attempts and the time budget of <see cref="ReductRetryOptions"/>. The waits between
/// attempts are Polly's exponential backoff, or what the server asked for (<see cref="RetryAfterHint"/>).
/// </summary>
/// <remarks>
/// Not retried: a probe (alive, ready), which answers "not now" at once; a batched read after anything but a
/// connection that was never made (the server takes a batch's records as it answers); a refused server certificate, which stays
/// refused; a broken connection of a batch that splits the request instead (a reset on a large batch is often its
/// size); a second timeout in a row; a body that cannot be sent a second time.
/// </remarks>
internal static class RetryClassifier
{
    /// <summary>True for statuses worth trying again: 429 and the gateway/unavailable family.</summary>
    public static bool IsTransientStatus(int status) =>
        status is (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.BadGateway
            or (int)HttpStatusCode.ServiceUnavailable or (int)HttpStatusCode.GatewayTimeout;

    /// <summary>Decides whether the outcome of attempt <paramref name="attemptNumber"/> (0-based) is retried.</summary>
    /// <returns>Whether to retry, and when a transient failure is not retried for a reason other than spent attempts, why.</returns>
    public static (bool Retry, string? NotRetriedReason) Decide(
        SendState state, Outcome<HttpResponseMessage> outcome, int attemptNumber, ReductRetryOptions options)
    {
        if (state.History.IsProbe)
        {
            return (false, null);
        }

        if (state.History.ConsumesOnServer
            && (outcome.Exception is not ReductException { IsTransportFailure: true } || state.LastAttemptAmbiguous))
        {
            return (false, outcome.Exception is null && outcome.Result is { } refused && IsTransientStatus((int)refused.StatusCode)
                ? "Not retried: the server may have taken this batch's records from the query; run the query again from the last record received."
                : null);
        }

        TimeSpan? hint = null;
        if (outcome.Exception is ReductException { IsTransportFailure: true } failure)
        {
            if (!state.LastAttemptRetryable)
            {
                return (false, null);
            }

            if (failure.Status == ReductException.ConnectionFailed && state.LastAttemptAmbiguous && state.History.SplitOnBrokenConnection)
            {
                return (false, null);
            }

            if (failure.Status == ReductException.Timeout && state.TimedOutAttempts > 1)
            {
                // A server silent twice in a row is not having a hiccup: waiting out more timeouts only delays the
                // answer (two attempts of the default 15 s fail a small write to a silent server in about 30 s).
                return (false, "Not retried: two attempts in a row made no progress.");
            }
        }
        else if (outcome.Result is { } response && IsTransientStatus((int)response.StatusCode))
        {
            hint = RetryAfterHint.Of(response);
        }
        else
        {
            return (false, null);
        }

        if (!state.CanSendAgain)
        {
            return (false, state.ReplayRefusal);
        }

        if (attemptNumber >= options.MaxRetryAttempts)
        {
            return (false, null);
        }

        // Polly draws the jittered wait after this decision; the budget is checked against the wait it draws around.
        TimeSpan delay = hint ?? NominalBackoff(options, attemptNumber);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(state.History.BudgetStart);
        if (elapsed + delay > options.TotalBudget)
        {
            return (false, string.Create(CultureInfo.InvariantCulture,
                $"Not retried: waiting {delay.TotalSeconds:0.###} s more would exceed the retry budget of {options.TotalBudget.TotalSeconds:0.###} s."));
        }

        return (true, null);
    }

    /// <summary>The wait before retry <paramref name="attemptNumber"/> + 1 without jitter: BaseDelay × 2^attempt, at most MaxDelay.</summary>
    public static TimeSpan NominalBackoff(ReductRetryOptions options, int attemptNumber)
    {
        double ticks = Math.Min(options.BaseDelay.Ticks * Math.Pow(2, Math.Min(attemptNumber, 30)), options.MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// False when the failure happened before the request could reach the server (no connection was made), so
    /// nothing can have been stored; true otherwise, including a connection reset while the body was being sent.
    /// </summary>
    public static bool MayHaveReachedServer(Exception exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the client refused the server's certificate: trying again only delays the report.</summary>
    public static bool IsCertificateFailure(Exception exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
