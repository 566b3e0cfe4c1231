namespace Reduct.Client.Querying;

/// <summary>
/// The no-progress timeout of reading a batch's bodies: each read must get bytes within the client's
/// <see cref="ReductClientOptions.Timeout"/>. The clock runs only while a read waits, never while the caller works
/// on a record between reads, so a slow consumer is not mistaken for a silent server.
/// </summary>
internal sealed class BodyReadDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _outer;

    private BodyReadDeadline(TimeSpan timeout, CancellationToken outer)
    {
        Timeout = timeout;
        _outer = outer;
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
    }

    /// <summary>The time a read may wait for bytes.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>True when the timeout, not the caller, cancelled the read.</summary>
    public bool HasFired => _source.IsCancellationRequested && !_outer.IsCancellationRequested;

    /// <summary>A deadline for reads under <paramref name="outer"/>, or null when the client has no timeout.</summary>
    public static BodyReadDeadline? For(TimeSpan timeout, CancellationToken outer) =>
        timeout == System.Threading.Timeout.InfiniteTimeSpan ? null : new BodyReadDeadline(timeout, outer);

    /// <summary>Starts the clock for one read and gives the token that the read waits under.</summary>
    public CancellationToken Start()
    {
        _source.CancelAfter(Timeout);
        return _source.Token;
    }

    /// <summary>Stops the clock: the read is over.</summary>
    public void Stop()
    {
        if (!_source.IsCancellationRequested)
        {
            _source.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _source.Dispose();
}
