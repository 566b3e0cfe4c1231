namespace Reduct.Client.Testing;

/// <summary>
/// Traffic the server received, for tests that check what a client puts on the wire (for
/// example that a header-light writer really sends fewer header bytes).
/// </summary>
public sealed class ReductTestStatistics
{
    private readonly object _sync = new();
    private long _requestCount;
    private long _requestHeadBytes;
    private long _bodyBytes;
    private long _encodedRequestCount;
    private long _encodedBodyBytes;
    private long _decodedBodyBytes;
    private long _overlappingWriteRequests;
    private int _activeRequests;
    private TaskCompletionSource _idle = CreateCompletedIdleSignal();
    private readonly List<ReductTestLifecycleRun> _lifecycleRuns = new();

    /// <summary>Requests that reached the server's handlers (Kestrel-level rejections such as 431 are not counted).</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>
    /// Request head bytes: per request the request line, each <c>name: value\r\n</c> header line and
    /// the final CRLF, computed from what Kestrel parsed.
    /// </summary>
    public long RequestHeadBytes => Interlocked.Read(ref _requestHeadBytes);

    /// <summary>Request body bytes the server read, after decoding a body sent with <c>Content-Encoding</c> (API 1.21+).</summary>
    public long BodyBytes => Interlocked.Read(ref _bodyBytes);

    /// <summary>Requests whose body the server decoded (<c>Content-Encoding: gzip</c> or <c>zstd</c>, API 1.21+).</summary>
    public long EncodedRequestCount => Interlocked.Read(ref _encodedRequestCount);

    /// <summary>Body bytes of the <see cref="EncodedRequestCount"/> requests as they arrived, still encoded.</summary>
    public long EncodedBodyBytes => Interlocked.Read(ref _encodedBodyBytes);

    /// <summary>
    /// Request body bytes as they arrived on the connection: <see cref="BodyBytes"/> with each decoded body counted at
    /// its encoded size. With <see cref="RequestHeadBytes"/>, what a client's writes cost on the wire.
    /// </summary>
    public long WireBodyBytes => BodyBytes - Interlocked.Read(ref _decodedBodyBytes) + EncodedBodyBytes;

    /// <summary>
    /// Write requests (single, v1 or v2 batch) that arrived for an entry while another write request to the same entry
    /// of the same bucket was in progress. The real server cannot take them
    /// (<see cref="OverlappingWriteBehavior"/>): a client that writes correctly keeps this at zero.
    /// </summary>
    public long OverlappingWriteRequests => Interlocked.Read(ref _overlappingWriteRequests);

    /// <summary>The runs of lifecycle policies so far, oldest first.</summary>
    public IReadOnlyList<ReductTestLifecycleRun> LifecycleRuns
    {
        get
        {
            lock (_lifecycleRuns)
            {
                return _lifecycleRuns.ToArray();
            }
        }
    }

    /// <summary>Requests being handled or answered right now: a request counts until its response is completely sent.</summary>
    public int ActiveRequests => Volatile.Read(ref _activeRequests);

    internal void RecordLifecycleRun(ReductTestLifecycleRun run)
    {
        lock (_lifecycleRuns)
        {
            _lifecycleRuns.Add(run);
        }
    }

    /// <summary>Sets the counters back to zero (<see cref="ActiveRequests"/> is not a counter and stays).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _requestCount, 0);
        Interlocked.Exchange(ref _requestHeadBytes, 0);
        Interlocked.Exchange(ref _bodyBytes, 0);
        Interlocked.Exchange(ref _encodedRequestCount, 0);
        Interlocked.Exchange(ref _encodedBodyBytes, 0);
        Interlocked.Exchange(ref _decodedBodyBytes, 0);
        Interlocked.Exchange(ref _overlappingWriteRequests, 0);
    }

    /// <summary>
    /// Completes when no request is being handled, for example after a client abandoned an upload
    /// and the server has finished marking the record errored.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task WaitForIdleAsync(CancellationToken cancellationToken = default)
    {
        Task idle;
        lock (_sync)
        {
            idle = _idle.Task;
        }

        return idle.WaitAsync(cancellationToken);
    }

    internal void RequestStarted(long headBytes)
    {
        Interlocked.Increment(ref _requestCount);
        Interlocked.Add(ref _requestHeadBytes, headBytes);
        lock (_sync)
        {
            if (_activeRequests++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    internal void RequestFinished()
    {
        TaskCompletionSource? becameIdle = null;
        lock (_sync)
        {
            if (--_activeRequests == 0)
            {
                becameIdle = _idle;
            }
        }

        becameIdle?.TrySetResult();
    }

    internal void OverlappingWriteArrived() => Interlocked.Increment(ref _overlappingWriteRequests);

    internal void AddBodyBytes(long count) => Interlocked.Add(ref _bodyBytes, count);

    internal void EncodedRequestStarted() => Interlocked.Increment(ref _encodedRequestCount);

    internal void AddEncodedBodyBytes(long count) => Interlocked.Add(ref _encodedBodyBytes, count);

    internal void AddDecodedBodyBytes(long count) => Interlocked.Add(ref _decodedBodyBytes, count);

    private static TaskCompletionSource CreateCompletedIdleSignal()
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.SetResult();
        return signal;
    }
}
