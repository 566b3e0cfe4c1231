using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Hosting;

/// <summary>
/// Knows which entries have a write request in progress, counts a write request that arrives for such an entry,
/// and, with <see cref="OverlappingWriteBehavior.BlockLikeRealServer"/>, blocks the entry as the real server does.
/// </summary>
/// <remarks>
/// The real server's texts name the lock that timed out and where; the twin reproduces them so that a client's error
/// handling sees what it would see in production.
/// </remarks>
internal sealed class EntryWriteGuard
{
    public const string WriteLockTimeoutMessage =
        "Failed to acquire async write lock within timeout (caller: reductstore/src/storage/entry/write_record.rs:206)";

    public const string ReadLockTimeoutMessage =
        "Failed to acquire async read lock within timeout (caller: reductstore/src/storage/block_manager.rs:316)";

    private readonly object _sync = new();
    private readonly Dictionary<(string Bucket, string Entry), int> _writesInProgress = [];
    private readonly HashSet<(string Bucket, string Entry)> _blocked = [];
    private readonly ReductTestStatistics _statistics;
    private readonly OverlappingWriteBehavior _behavior;
    private readonly TimeSpan _lockTimeout;

    public EntryWriteGuard(ReductTestStatistics statistics, OverlappingWriteBehavior behavior, TimeSpan lockTimeout)
    {
        _statistics = statistics;
        _behavior = behavior;
        _lockTimeout = lockTimeout;
    }

    /// <summary>
    /// Marks a write request to the entries as in progress until the returned lease is disposed; fails it, after the
    /// lock timeout, when one of the entries is blocked.
    /// </summary>
    /// <param name="server">The server, to drain the body before failing.</param>
    /// <param name="context">The request.</param>
    /// <param name="bucket">Bucket name.</param>
    /// <param name="entries">The request's entries, each once.</param>
    public async Task<IDisposable> EnterWriteAsync(ServerContext server, HttpContext context, string bucket, IReadOnlyCollection<string> entries)
    {
        bool blocked = false;
        bool overlapping = false;
        lock (_sync)
        {
            foreach (var entry in entries)
            {
                blocked |= _blocked.Contains((bucket, entry));
                overlapping |= _writesInProgress.ContainsKey((bucket, entry));
            }

            if (overlapping && _behavior == OverlappingWriteBehavior.BlockLikeRealServer)
            {
                foreach (var entry in entries)
                {
                    if (_writesInProgress.ContainsKey((bucket, entry)))
                    {
                        _blocked.Add((bucket, entry));
                    }
                }

                blocked = true;
            }

            if (!blocked)
            {
                foreach (var entry in entries)
                {
                    _writesInProgress[(bucket, entry)] = _writesInProgress.GetValueOrDefault((bucket, entry)) + 1;
                }
            }
        }

        if (overlapping)
        {
            _statistics.OverlappingWriteArrived();
        }

        if (blocked)
        {
            await WaitForLockTimeoutAsync(context).ConfigureAwait(false);
            await EarlyErrorDrain.DrainUnlessExpectAsync(server, context).ConfigureAwait(false);
            throw ReductErrorException.Internal(WriteLockTimeoutMessage);
        }

        return new Lease(this, bucket, entries);
    }

    /// <summary>Fails a read of a blocked entry after the lock timeout, as the real server does.</summary>
    public async Task EnterReadAsync(HttpContext context, string bucket, string entry)
    {
        bool blocked;
        lock (_sync)
        {
            blocked = _blocked.Contains((bucket, entry));
        }

        if (blocked)
        {
            await WaitForLockTimeoutAsync(context).ConfigureAwait(false);
            throw ReductErrorException.Internal(ReadLockTimeoutMessage);
        }
    }

    private Task WaitForLockTimeoutAsync(HttpContext context) => Task.Delay(_lockTimeout, context.RequestAborted);

    private void Leave(string bucket, IReadOnlyCollection<string> entries)
    {
        lock (_sync)
        {
            foreach (var entry in entries)
            {
                int remaining = _writesInProgress[(bucket, entry)] - 1;
                if (remaining == 0)
                {
                    _writesInProgress.Remove((bucket, entry));
                }
                else
                {
                    _writesInProgress[(bucket, entry)] = remaining;
                }
            }
        }
    }

    private sealed class Lease(EntryWriteGuard guard, string bucket, IReadOnlyCollection<string> entries) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                guard.Leave(bucket, entries);
            }
        }
    }
}
