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
    public void The_budget_is_checked_against_a_wait_that_doubles_up_to_the_maximum()
    {
        var options = new ReductRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(700) };

        Assert.Equal([100, 200, 400, 700, 700], Enumerable.Range(0, 5).Select(n => RetryClassifier.NominalBackoff(options, n).TotalMilliseconds));
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(500, false)]
    [InlineData(409, false)]
    public void Transient_statuses_have_one_definition(int status, bool transient)
    {
        Assert.Equal(transient, RetryClassifier.IsTransientStatus(status));
        Assert.Equal(transient, new ReductException(status, "x").IsTransient);
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
