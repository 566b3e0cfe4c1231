namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>
/// A clock that moves only when a test moves it, with timers: <see cref="Advance"/> fires every timer that falls due
/// on the way, in time order, on the caller's thread, so that what a timer does is done when it returns.
/// </summary>
internal sealed class SteppedClock : TimeProvider
{
    private readonly object _sync = new();
    private readonly List<SteppedTimer> _timers = new();
    private DateTimeOffset _now;

    public SteppedClock(DateTimeOffset start)
    {
        _now = start;
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_sync)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing due timers at their due times.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_sync)
        {
            target = _now + by;
        }

        while (true)
        {
            SteppedTimer? next;
            lock (_sync)
            {
                next = _timers.Where(t => t.Due is { } due && due <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.Due!.Value;
                next.Due = next.Period > TimeSpan.Zero ? _now + next.Period : null;
            }

            next.Fire();
        }
    }

    private sealed class SteppedTimer : ITimer
    {
        private readonly SteppedClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public SteppedTimer(SteppedClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset? Due { get; set; }

        public TimeSpan Period { get; private set; }

        public void Fire() => _callback(_state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_clock._sync)
            {
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : _clock._now + dueTime;
                if (!_clock._timers.Contains(this))
                {
                    _clock._timers.Add(this);
                }
            }

            return true;
        }

        public void Dispose()
        {
            lock (_clock._sync)
            {
                _clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
