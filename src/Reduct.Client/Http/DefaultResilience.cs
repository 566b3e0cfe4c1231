using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Reduct.Client.Diagnostics;

namespace Reduct.Client.Http;

/// <summary>
/// Builds the resilience pipeline a client uses unless the caller supplies one: a Polly retry on Polly's exponential
/// backoff with jitter, which retries what <see cref="RetryClassifier"/> says may be retried and waits as long as
/// the server asked when it did.
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
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                ShouldHandle = args =>
                {
                    SendState state = args.Context.Properties.GetValue(SendState.Key, null!);
                    (bool retry, string? notRetriedReason) = RetryClassifier.Decide(state, args.Outcome, args.AttemptNumber, options);

                    // Kept for the final error message.
                    state.NotRetriedReason = notRetriedReason;
                    return new ValueTask<bool>(retry);
                },

                // The server's own wait, when it names one, replaces the backoff (even past MaxDelay).
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result is { } response ? RetryAfterHint.Of(response) : null),
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
}
