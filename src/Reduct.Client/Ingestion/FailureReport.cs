using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Reduct.Client.Diagnostics;

namespace Reduct.Client.Ingestion;

/// <summary>
/// Where a writer's failed records go: the list the next <see cref="IngestionWriter.FlushAsync"/> returns, and the
/// <see cref="IngestionWriterOptions.OnFailure"/> handler. One home for both stages (in memory and spooled).
/// </summary>
/// <remarks>
/// A record is in the list as soon as it is reported, so a flush that completes after the report returns it. The
/// handler is called one record at a time in the order they were reported, by a loop of its own: a slow handler
/// never holds up a send slot or the spool's reader, and two calls never overlap. A flush still returns only after
/// the handler saw every failure it returns (<see cref="TakeHandledAsync"/>).
/// </remarks>
internal sealed class FailureReport
{
    private readonly Func<FailedRecord, ValueTask>? _handler;
    private readonly ILogger _logger;
    private readonly string _bucket;
    private readonly object _sync = new();
    private readonly List<FailedRecord> _sinceTaken = [];
    private readonly Channel<FailedRecord>? _toHandler;
    private readonly List<(long Reported, TaskCompletionSource Done)> _handledWaiters = [];
    private Task _delivering = Task.CompletedTask;
    private long _reported;
    private long _handled;

    public FailureReport(Func<FailedRecord, ValueTask>? handler, ILogger logger, string bucket)
    {
        _handler = handler;
        _logger = logger;
        _bucket = bucket;
        if (handler is not null)
        {
            _toHandler = Channel.CreateUnbounded<FailedRecord>(new UnboundedChannelOptions { SingleReader = true });
        }
    }

    /// <summary>Starts the loop that calls the handler, when there is one.</summary>
    public void Start()
    {
        if (_toHandler is not null)
        {
            _delivering = Task.Run(DeliverAsync);
        }
    }

    /// <summary>Adds failed records to the list and queues them for the handler.</summary>
    public void Add(IReadOnlyCollection<FailedRecord> failures)
    {
        if (failures.Count == 0)
        {
            return;
        }

        lock (_sync)
        {
            _sinceTaken.AddRange(failures);
            _reported += failures.Count;
            if (_toHandler is not null)
            {
                foreach (FailedRecord failure in failures)
                {
                    // In the list's order. Unbounded and completed only by Complete, after the stages stopped
                    // reporting: never refused, never waits.
                    _toHandler.Writer.TryWrite(failure);
                }
            }
        }
    }

    /// <summary>How many failures were reported so far: a mark for <see cref="WaitHandledAsync"/> and <see cref="Take(long)"/>.</summary>
    public long Reported
    {
        get
        {
            lock (_sync)
            {
                return _reported;
            }
        }
    }

    /// <summary>Every failure not taken yet.</summary>
    public List<FailedRecord> Take() => Take(long.MaxValue);

    /// <summary>
    /// The failures not taken yet among the first <paramref name="reported"/> ever reported (a <see cref="Reported"/>
    /// mark); later ones stay for the next take, so a flush returns only failures the handler has seen.
    /// </summary>
    public List<FailedRecord> Take(long reported)
    {
        lock (_sync)
        {
            long notTakenBefore = _reported - _sinceTaken.Count;
            int count = (int)Math.Clamp(reported - notTakenBefore, 0, _sinceTaken.Count);
            List<FailedRecord> taken = _sinceTaken.GetRange(0, count);
            _sinceTaken.RemoveRange(0, count);
            return taken;
        }
    }

    /// <summary>Completes once the handler saw the first <paramref name="reported"/> failures (at once without a handler).</summary>
    public Task WaitHandledAsync(long reported)
    {
        if (_toHandler is null)
        {
            return Task.CompletedTask;
        }

        lock (_sync)
        {
            if (_handled >= reported)
            {
                return Task.CompletedTask;
            }

            TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _handledWaiters.Add((reported, done));
            return done.Task;
        }
    }

    /// <summary>
    /// What a flush returns once the records it waited for are settled: the failures reported by then, after the
    /// handler saw them.
    /// </summary>
    public async Task<IReadOnlyList<FailedRecord>> TakeHandledAsync(CancellationToken cancellationToken)
    {
        long reported = Reported;
        await WaitHandledAsync(reported).WaitAsync(cancellationToken).ConfigureAwait(false);
        return Take(reported);
    }

    /// <summary>Ends the handler's queue once nothing more is reported, and waits until the handler saw every record.</summary>
    public Task CompleteAsync()
    {
        _toHandler?.Writer.TryComplete();
        return _delivering;
    }

    private async Task DeliverAsync()
    {
        await foreach (FailedRecord failure in _toHandler!.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await _handler!(failure).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A throwing handler must not stop the writer; the failure still reaches FlushAsync.
                Log.FailureHandlerFailed(_logger, _bucket, ex);
            }

            lock (_sync)
            {
                _handled++;
                for (int i = _handledWaiters.Count - 1; i >= 0; i--)
                {
                    if (_handledWaiters[i].Reported <= _handled)
                    {
                        _handledWaiters[i].Done.TrySetResult();
                        _handledWaiters.RemoveAt(i);
                    }
                }
            }
        }
    }
}
