using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Querying;

/// <summary>
/// Fills one batched read from a query the way the server does: records are added until a limit of
/// <see cref="BatchLimits"/> is reached (a limit may be passed by the record that reached it) or the query ends.
/// When a continuous query has nothing new, the server's producer looks again only every TTL/4: a v1 read then waits
/// for that one recheck (returning at once if it already has records), a v2 read keeps rechecking on that schedule
/// until <c>#record_timeout</c> after its last record, or <c>#batch_timeout</c> when it has none.
/// </summary>
internal sealed class QueryBatchCollector
{
    private readonly RegisteredQuery _query;
    private readonly TimeProvider _clock;
    private readonly bool _multiEntry;

    /// <param name="query">The query, whose <see cref="RegisteredQuery.Gate"/> the caller holds.</param>
    /// <param name="clock">The server's time provider.</param>
    /// <param name="multiEntry">Protocol v2 (<c>/io/{bucket}/read</c>) rather than v1.</param>
    public QueryBatchCollector(RegisteredQuery query, TimeProvider clock, bool multiEntry)
    {
        _query = query;
        _clock = clock;
        _multiEntry = multiEntry;
    }

    /// <param name="encoder">Receives the records.</param>
    /// <param name="maxRecords">At most this many records (1 for a single-record read), within the query's limits.</param>
    /// <param name="countBody">Whether body bytes count (not for HEAD).</param>
    /// <param name="cancellationToken">The request's abort.</param>
    /// <exception cref="Http.ReductErrorException">An entry is gone, or a strict condition failed; what was collected is dropped.</exception>
    public async Task<QueryBatch> CollectAsync(IBatchReadEncoder encoder, int maxRecords, bool countBody, CancellationToken cancellationToken)
    {
        var limits = _query.Settings.Limits with { MaxRecords = Math.Min(maxRecords, _query.Settings.Limits.MaxRecords) };
        var started = _clock.GetTimestamp();
        var lastRecordAt = started;
        var rechecks = 0;
        long headerBytes = 0;
        while (true)
        {
            switch (_query.Next(out var record))
            {
                case CursorStep.Record:
                    headerBytes = encoder.Add(record!);
                    lastRecordAt = _clock.GetTimestamp();
                    if (limits.IsReached(encoder.Count, encoder.BodyBytes, headerBytes, countBody, _clock.GetElapsedTime(started)))
                    {
                        return new QueryBatch(encoder, Last: false);
                    }

                    continue;
                case CursorStep.End:
                    _query.EndDelivered = true;
                    return new QueryBatch(encoder, Last: encoder.Count > 0);
            }

            // A continuous query with nothing new for now.
            if (!_multiEntry)
            {
                if (encoder.Count > 0 || rechecks > 0)
                {
                    return new QueryBatch(encoder, Last: encoder.Count > 0);
                }

                await Task.Delay(Recheck, _clock, cancellationToken).ConfigureAwait(false);
                rechecks++;
                continue;
            }

            var deadline = encoder.Count > 0
                ? Min(_clock.GetElapsedTime(started, lastRecordAt) + limits.RecordTimeout, limits.BatchTimeout)
                : limits.BatchTimeout;
            var nextRecheck = Recheck * (rechecks + 1);
            var elapsed = _clock.GetElapsedTime(started);
            if (nextRecheck >= deadline)
            {
                await DelayAsync(deadline - elapsed, cancellationToken).ConfigureAwait(false);
                return new QueryBatch(encoder, Last: false);
            }

            await DelayAsync(nextRecheck - elapsed, cancellationToken).ConfigureAwait(false);
            rechecks++;
        }
    }

    private TimeSpan Recheck => _query.Settings.RecheckInterval > TimeSpan.Zero ? _query.Settings.RecheckInterval : TimeSpan.FromMilliseconds(1);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, _clock, cancellationToken) : Task.CompletedTask;
}
