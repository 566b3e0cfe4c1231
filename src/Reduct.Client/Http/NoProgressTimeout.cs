using System.Diagnostics;

namespace Reduct.Client.Http;

/// <summary>
/// A timeout that restarts whenever an attempt makes progress (a body chunk handed to the connection), so that it
/// catches a stalled upload or a silent server without limiting how long a large upload may take in total.
/// </summary>
internal sealed class NoProgressTimeout : IDisposable
{
    // Re-arming the timer on every chunk would cost a timer update per 80 KB; re-arming once per sixteenth of the
    // timeout keeps the effective limit within 94-100 % of the configured one.
    private const int RearmFraction = 16;

    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _outer;
    private readonly TimeSpan _timeout;
    private readonly long _rearmTicks;
    private long _lastArmed;

    public NoProgressTimeout(TimeSpan timeout, CancellationToken outer)
    {
        _timeout = timeout;
        _outer = outer;
        _rearmTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency / RearmFraction);
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _lastArmed = Stopwatch.GetTimestamp();
        _source.CancelAfter(timeout);
    }

    /// <summary>Cancelled when the caller cancels or when the attempt made no progress for the timeout.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>True when this timeout, not the caller, cancelled the attempt.</summary>
    public bool HasFired => _source.IsCancellationRequested && !_outer.IsCancellationRequested;

    /// <summary>The configured timeout.</summary>
    public TimeSpan Timeout => _timeout;

    /// <summary>Records progress: the timeout starts again.</summary>
    public void Touch()
    {
        long now = Stopwatch.GetTimestamp();
        long last = Volatile.Read(ref _lastArmed);
        if (now - last < _rearmTicks || Interlocked.CompareExchange(ref _lastArmed, now, last) != last)
        {
            return;
        }

        try
        {
            _source.CancelAfter(_timeout);
        }
        catch (ObjectDisposedException)
        {
            // The attempt is over; a late write from the handler has nothing left to extend.
        }
    }

    public void Dispose() => _source.Dispose();
}
