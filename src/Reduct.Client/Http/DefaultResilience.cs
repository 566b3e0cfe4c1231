using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Reduct.Client.Diagnostics;

namespace Reduct.Client.Http;

/// <summary>
/// Builds the resilience pipeline a client uses unless the caller supplies one: a Polly retry that retries only
/// transient failures of requests whose body can be sent again, waits with exponential backoff and jitter or as
/// long as the server asked, and stops when the attempts or the time budget run out.
/// </summary>
internal static class DefaultResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Create(ReductRetryOptions options, ILogger logger)
    {
        if (options.MaxRetryAttempts == 0)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }

        return new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,

                // The delay is decided in ShouldHandle (it needs the response) and handed over through the state.
                Delay = TimeSpan.Zero,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                ShouldHandle = args => new ValueTask<bool>(
                    ShouldRetry(args.Context.Properties.GetValue(SendState.Key, null!), args.Outcome, args.AttemptNumber, options)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(SendState.Key, null!).NextDelay),
                OnRetry = args =>
                {
                    SendState state = args.Context.Properties.GetValue(SendState.Key, null!);
                    Log.Retrying(logger, state.Method, state.Path, args.AttemptNumber + 2, (long)args.RetryDelay.TotalMilliseconds,
                        state.LastFailure?.Message ?? "transient failure");
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Decides whether the outcome of attempt <paramref name="attemptNumber"/> (0-based) is retried, and after how long.</summary>
    internal static bool ShouldRetry(SendState state, Outcome<HttpResponseMessage> outcome, int attemptNumber, ReductRetryOptions options)
    {
        if (state.History.IsProbe)
        {
            return false;
        }

        TimeSpan? hint = null;
        if (outcome.Exception is ReductException { IsTransportFailure: true } failure)
        {
            if (!state.LastAttemptRetryable)
            {
                return false;
            }

            if (failure.Status == ReductException.ConnectionFailed && state.LastAttemptAmbiguous && state.History.SplitOnBrokenConnection)
            {
                // The batch sender splits the request instead: a reset on a large batch is often the batch's size.
                return false;
            }

            if (failure.Status == ReductException.Timeout && ++state.TimedOutAttempts > 1)
            {
                // A server silent twice in a row is not having a hiccup: waiting out more timeouts only delays the
                // answer (two attempts of the default 15 s fail a small write to a silent server in about 30 s).
                state.NotRetriedReason = "Not retried: two attempts in a row made no progress.";
                return false;
            }
        }
        else if (outcome.Result is { } response && SendState.IsTransientStatus(response.StatusCode))
        {
            hint = RetryAfterHint.Of(response);
        }
        else
        {
            return false;
        }

        if (!state.CanSendAgain)
        {
            state.NotRetriedReason = state.ReplayRefusal;
            return false;
        }

        if (attemptNumber >= options.MaxRetryAttempts)
        {
            return false;
        }

        TimeSpan delay = hint ?? Backoff(options, attemptNumber);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(state.History.BudgetStart);
        if (elapsed + delay > options.TotalBudget)
        {
            state.NotRetriedReason = string.Create(CultureInfo.InvariantCulture,
                $"Not retried: waiting {delay.TotalSeconds:0.###} s more would exceed the retry budget of {options.TotalBudget.TotalSeconds:0.###} s.");
            return false;
        }

        state.NextDelay = delay;
        return true;
    }

    /// <summary>BaseDelay × 2^attempt, at most MaxDelay, with "equal jitter" (between half and all of it).</summary>
    internal static TimeSpan Backoff(ReductRetryOptions options, int attemptNumber)
    {
        double factor = Math.Pow(2, Math.Min(attemptNumber, 30));
        double ticks = Math.Min(options.BaseDelay.Ticks * factor, options.MaxDelay.Ticks);
        if (options.UseJitter)
        {
            ticks *= 0.5 + (Random.Shared.NextDouble() * 0.5);
        }

        return TimeSpan.FromTicks((long)ticks);
    }
}
