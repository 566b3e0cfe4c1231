using Reduct.Client.Testing.Conditions;

namespace Reduct.Client.Testing.Querying;

/// <summary>
/// When a batched read stops adding records: a record count, body bytes (not for HEAD), record-header bytes, the
/// time since the request began, and (v2) the wait for the next record. The server's settings, overridden per query
/// by the <c>#batch_*</c> directives.
/// </summary>
internal sealed record BatchLimits(int MaxRecords, long MaxSize, long MaxMetadataSize, TimeSpan BatchTimeout, TimeSpan RecordTimeout)
{
    public static BatchLimits Create(ReductTestServerOptions options, ConditionDirectives directives) => new(
        directives.BatchRecords ?? options.MaxBatchRecords,
        directives.BatchSize ?? options.MaxBatchSize,
        directives.BatchMetadataSize ?? options.MaxRequestHeadSize,
        directives.BatchTimeout ?? options.BatchTimeout,
        directives.RecordTimeout ?? options.BatchRecordsTimeout);

    /// <summary>Whether a batch with these totals is full (each limit may be passed by the record that reached it).</summary>
    public bool IsReached(int records, long bodyBytes, long headerBytes, bool countBody, TimeSpan elapsed) =>
        headerBytes > MaxMetadataSize
        || (countBody && bodyBytes > MaxSize)
        || records >= MaxRecords
        || elapsed > BatchTimeout;
}
