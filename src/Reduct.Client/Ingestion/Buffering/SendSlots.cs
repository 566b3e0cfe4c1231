using Microsoft.Extensions.Logging;
using Reduct.Client.Diagnostics;
using Reduct.Client.Http;
using Reduct.Client.Protocol;
using Reduct.Client.Writing;

namespace Reduct.Client.Ingestion.Buffering;

/// <summary>
/// Sending and acknowledgement for the in-memory writer. A slot, taken from the <see cref="SendSchedule"/>, sends a
/// batch through the <see cref="BatchSender"/> that <see cref="Bucket.WriteBatchAsync(RecordBatch, CancellationToken)"/>
/// uses (splitting, v1 fallback, error mapping shared), settles it (room back to the <see cref="WriterAdmission"/>,
/// failures to the <see cref="FailureReport"/>, its chunks to the <see cref="SettlementLedger"/>, its objects to the
/// pool), then sends the next ready batch itself, so that a backlog flows without a trip through the writer's loop per
/// request.
/// </summary>
internal sealed class SendSlots
{
    private readonly ReductHttpPipeline _pipeline;
    private readonly BatchSender _sender;
    private readonly string _bucket;
    private readonly ILogger _logger;
    private readonly SendSchedule _schedule;
    private readonly WriterAdmission _admission;
    private readonly SettlementLedger _ledger;
    private readonly WriterObjectPool _pool;
    private readonly FailureReport _failures;
    private readonly CancellationToken _abort;
    private readonly Action _slotFreed;

    /// <summary>
    /// Slots over the writer's other stages. <paramref name="abort"/> cancels sending (the records of a request then in
    /// flight are reported outcome-unknown); <paramref name="slotFreed"/> is called when a slot finds nothing more to
    /// send, so that the writer's loop decides what comes next.
    /// </summary>
    public SendSlots(
        ReductHttpPipeline pipeline, string bucket, ILogger logger, SendSchedule schedule, WriterAdmission admission,
        SettlementLedger ledger, WriterObjectPool pool, FailureReport failures, CancellationToken abort, Action slotFreed)
    {
        _pipeline = pipeline;
        _sender = new BatchSender(pipeline, bucket);
        _bucket = bucket;
        _logger = logger;
        _schedule = schedule;
        _admission = admission;
        _ledger = ledger;
        _pool = pool;
        _failures = failures;
        _abort = abort;
        _slotFreed = slotFreed;
    }

    /// <summary>Runs one slot from a batch the schedule started; completes when the slot is given back.</summary>
    public async Task RunAsync(OutgoingBatch batch)
    {
        OutgoingBatch? next = batch;
        while (next is not null)
        {
            batch = next;

            // The call returns once the request waits for its answer: the request that must follow it is built meanwhile.
            Task sending = SendAsync(batch);
            PrepareFollowing(batch);
            await sending.ConfigureAwait(false);

            // What the per-request releases did not cover: requests cut off by the dispose deadline.
            _admission.Release(batch.Records.Count - batch.ReleasedRecords, batch.TotalSize - batch.ReleasedBytes);
            _ledger.Settle(batch);

            // The slot stays taken while it has a next batch: one leaves flight, the next enters it.
            _schedule.FinishAndTryStartNext(batch, out next);
            _pool.Return(batch);
        }

        _slotFreed();
    }

    /// <summary>Builds the request of the batch this slot sends next, while the server, not this client, is busy.</summary>
    private void PrepareFollowing(OutgoingBatch sent)
    {
        // No other thread touches a batch that waits for this slot's request.
        if (_schedule.FollowingOf(sent) is not { } following)
        {
            return;
        }

        try
        {
            following.Prepared = _sender.Prepare(following.Entries, following.Records, following.InSendOrder);
        }
        catch (Exception ex)
        {
            // Only work done early: the batch is then built when it is sent, where a failure is reported per record.
            Log.WriterPrepareFailed(_logger, _bucket, ex);
        }
    }

    private async Task SendAsync(OutgoingBatch batch)
    {
        Dictionary<RecordKey, ReductException> failures;
        PreparedBatchRequest? prepared = batch.Prepared;
        batch.Prepared = null;
        try
        {
            // Records of entries the server cannot take (a '/' in the name before API 1.19) fail unsent; the
            // others go out. Filtering keeps their order. RunAsync gives back the room of the refused ones.
            (IReadOnlyList<PendingRecord> sendable, Dictionary<RecordKey, ReductException>? refused) = await HierarchicalEntryCheck
                .SplitAsync(_pipeline, batch.Entries, batch.Records, _abort).ConfigureAwait(false);
            failures = await _sender.SendAsync(batch.Entries, sendable, batch.InSendOrder, _abort, failOnCancellation: true,
                requestCompleted: records => Release(batch, records), prepared: prepared).ConfigureAwait(false);
            if (refused is not null)
            {
                ReductMetrics.RecordsFailed(_bucket, refused.Count, ReductException.NotSupportedByServer);
                foreach (KeyValuePair<RecordKey, ReductException> refusal in refused)
                {
                    failures[refusal.Key] = refusal.Value;
                }
            }
        }
        catch (Exception ex)
        {
            // Disposing twice does no harm: the sender disposes it once it was handed over.
            prepared?.Dispose();

            // Anything the sender could not map per record (an unsupported server, a bug) still fails every
            // record of the batch: none is dropped silently.
            ReductException error = ex as ReductException ?? new ReductException(ReductException.ConnectionFailed, ex.Message, ex);
            failures = [];
            foreach (PendingRecord record in batch.Records)
            {
                failures[new RecordKey(batch.Entries[record.EntryIndex], record.Timestamp)] = error;
            }
        }

        if (failures.Count > 0)
        {
            var records = new List<FailedRecord>(failures.Count);
            foreach (KeyValuePair<RecordKey, ReductException> failure in failures)
            {
                records.Add(new FailedRecord(failure.Key.Entry, failure.Key.Timestamp, failure.Value));
            }

            _failures.Add(records);
        }
    }

    /// <summary>Gives back the room of one answered request, so producers can go on while the batch continues.</summary>
    private void Release(OutgoingBatch batch, ArraySegment<PendingRecord> records)
    {
        long bytes = 0;
        foreach (PendingRecord record in records)
        {
            bytes += record.Length;
        }

        batch.ReleasedRecords += records.Count;
        batch.ReleasedBytes += bytes;
        _admission.Release(records.Count, bytes);
    }
}
