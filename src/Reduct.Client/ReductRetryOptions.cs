using System.Globalization;

namespace Reduct.Client;

/// <summary>
/// How a <see cref="ReductClient"/> retries requests that failed for a reason that may pass: a refused, reset or
/// timed-out connection, and the statuses 429, 502, 503 and 504. Part of <see cref="ReductClientOptions.Retry"/>.
/// </summary>
/// <remarks>
/// <para>The wait before retry <c>n</c> (1-based) is Polly's exponential backoff: about <see cref="BaseDelay"/> × 2^(n-1),
/// at most <see cref="MaxDelay"/>, with Polly's decorrelated jitter so that many clients do not come back at the same instant. A server that says how long to wait
/// (a <c>Retry-After</c> header, or the <c>retry_after=&lt;n&gt;s</c> in ReductStore's 429 messages) is obeyed
/// instead, even past <see cref="MaxDelay"/>.</para>
/// <para>A request is never retried when its body cannot be sent a second time (chunks from an
/// <see cref="IAsyncEnumerable{T}"/> or a stream that cannot seek, once reading it has begun); the failure is
/// reported with that reason. Set <see cref="MaxRetryAttempts"/> to 0 to turn retries off, or supply a pipeline of
/// your own with <see cref="ReductClientOptions.ResiliencePipeline"/>.</para>
/// </remarks>
public sealed class ReductRetryOptions
{
    /// <summary>Retries after the first attempt; 0 sends every request once. Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The wait before the first retry, doubled for each later one. Default 0.5 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest computed wait between two attempts. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after the first attempt of a call a retry may still start; a retry whose wait (the server's, or the
    /// backoff before jitter) would end later is not made and the last failure is reported. A running attempt is never cut short by it (large uploads are
    /// governed by <see cref="ReductClientOptions.Timeout"/>, a no-progress timeout). A batch call shares one
    /// budget among its requests. Default 2 minutes.
    /// </summary>
    public TimeSpan TotalBudget { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether to randomize each wait (Polly's decorrelated jitter around the doubling wait). Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>Describes the options.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"ReductRetryOptions {{ MaxRetryAttempts = {MaxRetryAttempts}, BaseDelay = {BaseDelay}, MaxDelay = {MaxDelay}, TotalBudget = {TotalBudget}, UseJitter = {UseJitter} }}");

    internal ReductRetryOptions Clone() => (ReductRetryOptions)MemberwiseClone();

    internal void Validate(string paramName)
    {
        if (MaxRetryAttempts < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, MaxRetryAttempts, "ReductClientOptions.Retry.MaxRetryAttempts must not be negative.");
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            throw new ArgumentOutOfRangeException(paramName, BaseDelay, "ReductClientOptions.Retry.BaseDelay and MaxDelay must not be negative, and MaxDelay must not be less than BaseDelay.");
        }

        if (TotalBudget < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, TotalBudget, "ReductClientOptions.Retry.TotalBudget must not be negative.");
        }
    }
}
