namespace Reduct.Client.Http;

/// <summary>
/// Keeps a client from having two write requests to the same entry of a bucket in flight at once, while requests to
/// different entries go in parallel: ReductStore 1.20 and 1.21 hang both requests (and then the entry) when two
/// writes to one entry overlap. One instance per client; every write request (single, v1, v2) holds the locks of
/// its entries from before its first byte is sent until its answer is in.
/// </summary>
/// <remarks>
/// A request of several entries takes their locks in ordinal order of the names, so two requests that share
/// entries can never each hold one the other waits for. A lock is handed straight to its oldest waiter on release,
/// so waiters to one entry are served in the order they came. Uncontended, taking the locks of a request costs one
/// monitor and a dictionary insert per entry, and no allocation beyond the lease.
/// </remarks>
internal sealed class EntryWriteLocks
{
    private readonly object _sync = new();

    // An entry is present while its lock is held; its queue holds the requests waiting for it, null while none waits.
    private readonly Dictionary<(string Bucket, string Entry), Queue<TaskCompletionSource>?> _held = [];

    /// <summary>Waits until no other write request of this client is in flight to the entry, and takes its lock.</summary>
    /// <param name="bucket">Bucket name.</param>
    /// <param name="entry">Entry name.</param>
    /// <param name="cancellationToken">Stops waiting; the lock is not taken.</param>
    public ValueTask<Lease> AcquireAsync(string bucket, string entry, CancellationToken cancellationToken) =>
        AcquireAsync(bucket, [entry], cancellationToken);

    /// <summary>Waits until no other write request of this client is in flight to any of the entries, and takes their locks.</summary>
    /// <param name="bucket">Bucket name.</param>
    /// <param name="entries">The request's entry names, each once; sorted here.</param>
    /// <param name="cancellationToken">Stops waiting; no lock is kept.</param>
    public ValueTask<Lease> AcquireAsync(string bucket, string[] entries, CancellationToken cancellationToken)
    {
        if (entries.Length > 1)
        {
            Array.Sort(entries, StringComparer.Ordinal);
        }

        int taken = 0;
        TaskCompletionSource? wait = null;
        lock (_sync)
        {
            while (taken < entries.Length && _held.TryAdd((bucket, entries[taken]), null))
            {
                taken++;
            }

            if (taken < entries.Length)
            {
                wait = Enqueue(bucket, entries[taken]);
            }
        }

        return wait is null
            ? ValueTask.FromResult(new Lease(this, bucket, entries))
            : WaitAndAcquireRestAsync(bucket, entries, taken, wait, cancellationToken);
    }

    private async ValueTask<Lease> WaitAndAcquireRestAsync(
        string bucket, string[] entries, int taken, TaskCompletionSource firstWait, CancellationToken cancellationToken)
    {
        TaskCompletionSource? wait = firstWait;
        try
        {
            while (wait is not null)
            {
                using (cancellationToken.Register(static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), wait))
                {
                    // Completed with a result only by a release that handed this entry's lock over.
                    await wait.Task.ConfigureAwait(false);
                }

                taken++;
                wait = null;
                lock (_sync)
                {
                    while (taken < entries.Length && _held.TryAdd((bucket, entries[taken]), null))
                    {
                        taken++;
                    }

                    if (taken < entries.Length)
                    {
                        wait = Enqueue(bucket, entries[taken]);
                    }
                }
            }

            return new Lease(this, bucket, entries);
        }
        catch (OperationCanceledException)
        {
            Release(bucket, entries.AsSpan(0, taken));
            throw;
        }
    }

    private TaskCompletionSource Enqueue(string bucket, string entry)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue<TaskCompletionSource> queue = _held[(bucket, entry)] ??= new Queue<TaskCompletionSource>();
        queue.Enqueue(waiter);
        return waiter;
    }

    private void Release(string bucket, ReadOnlySpan<string> entries)
    {
        lock (_sync)
        {
            foreach (string entry in entries)
            {
                Queue<TaskCompletionSource>? waiters = _held[(bucket, entry)];
                bool handedOver = false;
                while (waiters is not null && waiters.TryDequeue(out TaskCompletionSource? next))
                {
                    // A waiter that was cancelled meanwhile refuses the hand-over; the next one gets it.
                    if (next.TrySetResult())
                    {
                        handedOver = true;
                        break;
                    }
                }

                if (!handedOver)
                {
                    _held.Remove((bucket, entry));
                }
            }
        }
    }

    /// <summary>The locks of one request; disposing releases them. Dispose exactly once.</summary>
    internal readonly struct Lease : IDisposable
    {
        private readonly EntryWriteLocks? _owner;
        private readonly string _bucket;
        private readonly string[] _entries;

        public Lease(EntryWriteLocks owner, string bucket, string[] entries)
        {
            _owner = owner;
            _bucket = bucket;
            _entries = entries;
        }

        public void Dispose() => _owner?.Release(_bucket, _entries);
    }
}
