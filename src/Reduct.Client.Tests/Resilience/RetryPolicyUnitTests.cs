using System.Net;
using System.Net.Http.Headers;
using Reduct.Client.Http;

namespace Reduct.Client.Tests.Resilience;

public class RetryPolicyUnitTests
{
    [Theory]
    [InlineData("rate limit for ingress bytes (bucket) exceeded: used=10 limit=5 retry_after=3s", 3.0)]
    [InlineData("rate limit exceeded: retry_after=0.5s", 0.5)]
    [InlineData("retry_after=12s, and more", 12.0)]
    public void The_wait_in_a_429_message_is_read(string message, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfterHint.FromMessage(message));

    [Theory]
    [InlineData("in-flight writers limit exceeded: try again later")]
    [InlineData("retry_after=s")]
    [InlineData("")]
    [InlineData(null)]
    public void Messages_without_a_wait_name_none(string? message) => Assert.Null(RetryAfterHint.FromMessage(message));

    [Fact]
    public void A_Retry_After_header_wins_over_the_message()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
        response.Headers.TryAddWithoutValidation("x-reduct-error", "retry_after=3s");

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterHint.Of(response));
    }

    [Fact]
    public void A_Retry_After_date_in_the_past_means_now()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddMinutes(-1));

        Assert.Equal(TimeSpan.Zero, RetryAfterHint.Of(response));
    }

    [Fact]
    public void Backoff_doubles_up_to_the_maximum_with_jitter_between_half_and_all()
    {
        var options = new ReductRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(700) };
        var exact = new ReductRetryOptions { BaseDelay = options.BaseDelay, MaxDelay = options.MaxDelay, UseJitter = false };

        Assert.Equal([100, 200, 400, 700, 700], Enumerable.Range(0, 5).Select(n => DefaultResilience.Backoff(exact, n).TotalMilliseconds));
        for (int attempt = 0; attempt < 5; attempt++)
        {
            double full = DefaultResilience.Backoff(exact, attempt).TotalMilliseconds;
            for (int sample = 0; sample < 50; sample++)
            {
                Assert.InRange(DefaultResilience.Backoff(options, attempt).TotalMilliseconds, full / 2, full);
            }
        }
    }

    [Fact]
    public void Retry_options_are_validated_and_copied()
    {
        var options = new ReductClientOptions { Url = new Uri("http://localhost:8383") };
        options.Retry.MaxRetryAttempts = -1;
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReductClient(options));

        options.Retry.MaxRetryAttempts = 2;
        options.Retry.BaseDelay = TimeSpan.FromSeconds(10);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReductClient(options));

        options.Retry.MaxDelay = TimeSpan.FromSeconds(20);
        using var client = new ReductClient(options);
        ReductClientOptions copy = options.Clone();
        options.Retry.MaxRetryAttempts = 9;
        Assert.Equal(2, copy.Retry.MaxRetryAttempts);
    }

    [Fact]
    public void Labels_over_the_header_limit_are_measured_like_the_wire()
    {
        var labels = new Dictionary<string, string> { ["a"] = "bc" };

        // "x-reduct-label-a: bc\r\n"
        Assert.Equal(22, Reduct.Client.Protocol.LabelHeaderBudget.Measure(labels));
    }
}
