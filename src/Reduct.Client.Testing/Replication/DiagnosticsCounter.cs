namespace Reduct.Client.Testing.Replication;

/// <summary>
/// The hourly diagnostics of a replication task, counted as the real server counts them
/// (<c>reductstore/src/replication/diagnostics.rs</c>): 60 frames of one minute each; <c>ok</c> and
/// <c>errored</c> are the sums over the frames kept, scaled up to 60 frames while fewer exist (so one record
/// sent in the first minute reads as 60), and <c>errors</c> holds the unscaled count and last message per status.
/// Thread-safe.
/// </summary>
internal sealed class DiagnosticsCounter
{
    private const int FrameCount = 60;

    private readonly object _sync = new();
    private readonly TimeProvider _clock;
    private readonly TimeSpan _frameLength;
    private readonly List<Frame> _frames = [new Frame()];
    private DateTimeOffset _frameStart;

    public DiagnosticsCounter(TimeProvider clock, TimeSpan window)
    {
        _clock = clock;
        _frameLength = window / FrameCount;
        _frameStart = clock.GetUtcNow();
    }

    /// <summary>Counts <paramref name="count"/> records sent.</summary>
    public void CountOk(ulong count)
    {
        lock (_sync)
        {
            Current().Ok += count;
        }
    }

    /// <summary>Counts <paramref name="count"/> records that failed with <paramref name="status"/>.</summary>
    /// <param name="status">An HTTP status, or the real server's negative client codes (-3 connection error, -2 timeout).</param>
    /// <param name="message">The error text; the last one per status is kept.</param>
    /// <param name="count">How many records failed.</param>
    public void CountError(int status, string message, ulong count)
    {
        lock (_sync)
        {
            var frame = Current();
            frame.Errored += count;
            var error = frame.Errors.TryGetValue(status, out var known) ? known : new ErrorCount();
            error.Count += count;
            error.LastMessage = message;
            frame.Errors[status] = error;
        }
    }

    public DiagnosticsSnapshot Read()
    {
        lock (_sync)
        {
            ulong ok = 0, errored = 0;
            var errors = new SortedDictionary<int, DiagnosticsError>();
            foreach (var frame in _frames)
            {
                ok += frame.Ok;
                errored += frame.Errored;
                foreach (var (status, error) in frame.Errors)
                {
                    errors[status] = errors.TryGetValue(status, out var sum)
                        ? new DiagnosticsError(sum.Count + error.Count, error.LastMessage)
                        : new DiagnosticsError(error.Count, error.LastMessage);
                }
            }

            var scale = (double)_frames.Count / FrameCount;
            return new DiagnosticsSnapshot((ulong)Math.Round(ok / scale, MidpointRounding.AwayFromZero), (ulong)Math.Round(errored / scale, MidpointRounding.AwayFromZero), errors);
        }
    }

    private Frame Current()
    {
        var now = _clock.GetUtcNow();
        while (now - _frameStart >= _frameLength)
        {
            _frameStart += _frameLength;
            _frames.Add(new Frame());
            if (_frames.Count > FrameCount)
            {
                _frames.RemoveAt(0);
            }
        }

        return _frames[^1];
    }

    private sealed class Frame
    {
        public ulong Ok { get; set; }

        public ulong Errored { get; set; }

        public Dictionary<int, ErrorCount> Errors { get; } = new();
    }

    private sealed class ErrorCount
    {
        public ulong Count { get; set; }

        public string LastMessage { get; set; } = string.Empty;
    }
}

/// <summary>The diagnostics of the last hour.</summary>
internal sealed record DiagnosticsSnapshot(ulong Ok, ulong Errored, IReadOnlyDictionary<int, DiagnosticsError> Errors);

/// <summary>The errors of one status: how many records, and the message of the last one.</summary>
internal sealed record DiagnosticsError(ulong Count, string LastMessage);

/// <summary>The list view of a task.</summary>
internal sealed record ReplicationInfo(string Name, ReplicationMode Mode, bool IsActive, ulong PendingRecords);
