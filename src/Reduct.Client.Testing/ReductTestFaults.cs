using Reduct.Client.Testing.Faults;

namespace Reduct.Client.Testing;

/// <summary>
/// Fault injection for resilience tests. Each fault is armed for a number of requests and then
/// disarms itself; <see cref="Clear"/> disarms everything.
/// </summary>
public sealed class ReductTestFaults
{
    private readonly object _sync = new();
    private readonly List<FailureRule> _failures = [];
    private long _abortAfterBytes;
    private int _abortCount;
    private TimeSpan _delay;
    private int _delayCount;

    /// <summary>
    /// Answers the next <paramref name="count"/> matching requests with an error in the server's
    /// convention (<c>x-reduct-error</c> and a JSON detail body), without reading their bodies.
    /// </summary>
    /// <param name="count">How many requests fail.</param>
    /// <param name="status">HTTP status, such as 503 or 429.</param>
    /// <param name="message">The <c>x-reduct-error</c> text.</param>
    /// <param name="retryAfter">When set, a <c>Retry-After</c> header with the delay in whole seconds (rounded up).</param>
    /// <param name="includeApiHeader">
    /// When false the response has no <c>x-reduct-api</c> and no <c>Server</c> header, like the
    /// real server's rate-limit (429) and start-up (503) responses.
    /// </param>
    /// <param name="pathFilter">Only requests whose path (as received, base path included) passes count.</param>
    public void FailNextRequests(int count, int status, string message, TimeSpan? retryAfter = null, bool includeApiHeader = true, Func<string, bool>? pathFilter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentNullException.ThrowIfNull(message);
        lock (_sync)
        {
            _failures.Add(new FailureRule(count, status, message, retryAfter, includeApiHeader, pathFilter));
        }
    }

    /// <summary>
    /// For each of the next <paramref name="count"/> write requests (single, v1 batch, v2 batch)
    /// that get as far as reading their body: read <paramref name="bytes"/> body bytes, then drop
    /// the connection. Records completed before that point stay stored; the record in progress is
    /// left errored, exactly as with a real network failure.
    /// </summary>
    /// <param name="bytes">Body bytes to accept before the abort.</param>
    /// <param name="count">How many write requests are aborted.</param>
    public void AbortConnectionAfterBodyBytes(long bytes, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_sync)
        {
            _abortAfterBytes = bytes;
            _abortCount = count;
        }
    }

    /// <summary>
    /// Holds back the response of the next <paramref name="count"/> requests for
    /// <paramref name="delay"/>. The request itself is handled first, so a write is stored even
    /// when the client gives up waiting: the ambiguous failure a retry policy must cope with.
    /// </summary>
    /// <param name="delay">How long each response waits before its headers are sent.</param>
    /// <param name="count">How many responses are delayed.</param>
    public void DelayResponses(TimeSpan delay, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_sync)
        {
            _delay = delay;
            _delayCount = count;
        }
    }

    /// <summary>Disarms every fault.</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _failures.Clear();
            _abortCount = 0;
            _delayCount = 0;
        }
    }

    internal FailureRule? TakeFailure(string path)
    {
        lock (_sync)
        {
            foreach (var rule in _failures)
            {
                if (rule.Remaining > 0 && (rule.PathFilter is null || rule.PathFilter(path)))
                {
                    rule.Remaining--;
                    return rule;
                }
            }

            _failures.RemoveAll(r => r.Remaining == 0);
            return null;
        }
    }

    internal long? TakeConnectionAbort()
    {
        lock (_sync)
        {
            if (_abortCount == 0)
            {
                return null;
            }

            _abortCount--;
            return _abortAfterBytes;
        }
    }

    internal TimeSpan? TakeResponseDelay()
    {
        lock (_sync)
        {
            if (_delayCount == 0)
            {
                return null;
            }

            _delayCount--;
            return _delay;
        }
    }
}
