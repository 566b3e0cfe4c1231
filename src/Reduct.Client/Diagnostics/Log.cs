using Microsoft.Extensions.Logging;

namespace Reduct.Client.Diagnostics;

/// <summary>Source-generated log messages: no formatting cost when the level is off, and never the API token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "ReductStore server API {ServerApiVersion} is older than this SDK supports well (API {SdkApiVersion}); newer features fall back or fail")]
    public static partial void OldServerVersion(ILogger logger, string serverApiVersion, string sdkApiVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Method} {Path} -> {Status} in {ElapsedMilliseconds} ms")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int status, long elapsedMilliseconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Method} {Path} failed without a response: {Reason}")]
    public static partial void RequestFailed(ILogger logger, string method, string path, string reason);

    // 10-19: batches.
    [LoggerMessage(EventId = 10, Level = LogLevel.Debug,
        Message = "A batch request of {RecordCount} records to bucket {Bucket} was refused with 431 (request head too large); sending it again as {FirstCount} and {SecondCount} records")]
    public static partial void BatchSplitOnHeaderLimit(ILogger logger, string bucket, int recordCount, int firstCount, int secondCount);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning,
        Message = "A batch request of {RecordCount} records to bucket {Bucket} failed as a whole with {Status} ({Reason}); each of its records is reported as not stored")]
    public static partial void BatchRequestFailed(ILogger logger, string bucket, int recordCount, int status, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug,
        Message = "{FailedCount} of {RecordCount} records of a batch request to bucket {Bucket} were not stored")]
    public static partial void BatchRecordsRejected(ILogger logger, string bucket, int failedCount, int recordCount);

    [LoggerMessage(EventId = 13, Level = LogLevel.Debug,
        Message = "The server's API {ServerApiVersion} predates batch protocol v2 (API 1.18); sending one v1 batch request per entry")]
    public static partial void BatchProtocolFallback(ILogger logger, string serverApiVersion);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information,
        Message = "The server refused batch requests of {RefusedCount} records with 431 (request head too large) and took {LearnedCount}; this client's batch requests now carry at most {LearnedCount} records")]
    public static partial void BatchRecordLimitLearned(ILogger logger, int refusedCount, int learnedCount);

    // 20-29: resilience.
    [LoggerMessage(EventId = 20, Level = LogLevel.Information,
        Message = "{Method} {Path}: attempt {Attempt} in {DelayMilliseconds} ms after: {Reason}")]
    public static partial void Retrying(ILogger logger, string method, string path, int attempt, long delayMilliseconds, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information,
        Message = "{Method} {Path}: 409 after an attempt that broke off mid-request; the record was stored by that attempt")]
    public static partial void AlreadyStored(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information,
        Message = "A batch request of {RecordCount} records to bucket {Bucket} broke off mid-request; sending it again as {FirstCount} and {SecondCount} records")]
    public static partial void BatchSplitOnBrokenConnection(ILogger logger, string bucket, int recordCount, int firstCount, int secondCount);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information,
        Message = "{Method} {Path}: 404 after an attempt that broke off mid-request; that attempt removed it")]
    public static partial void AlreadyRemoved(ILogger logger, string method, string path);

    // 30-39: the writer.
    [LoggerMessage(EventId = 30, Level = LogLevel.Warning,
        Message = "The ingestion writer of bucket {Bucket} was disposed with {FailedCount} records not stored that no failure handler saw (call CloseAsync to get them); the first: {Entry} @ {Timestamp}: {Reason}")]
    public static partial void WriterDisposedWithFailures(ILogger logger, string bucket, int failedCount, string entry, ulong timestamp, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Error,
        Message = "The ingestion writer of bucket {Bucket} failed while it was disposed")]
    public static partial void WriterDisposeFailed(ILogger logger, string bucket, Exception exception);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning,
        Message = "The ingestion writer of bucket {Bucket} could not build a request ahead of time; it is built when it is sent")]
    public static partial void WriterPrepareFailed(ILogger logger, string bucket, Exception exception);

    // 40-49: request bodies.
    [LoggerMessage(EventId = 40, Level = LogLevel.Information,
        Message = "Compression {Codec} is configured, but the server speaks API {ServerApi} and decodes compressed bodies only from API 1.21 on: bodies are sent uncompressed")]
    public static partial void CompressionNotSupportedByServer(ILogger logger, string codec, string serverApi);

    // 50-59: the writer's spool.
    [LoggerMessage(EventId = 50, Level = LogLevel.Information,
        Message = "The ingestion writer of bucket {Bucket} found {Records} records in its spool at {Directory} and sends them first; {CutRecords} torn or damaged records ({CutBytes} bytes) were cut off")]
    public static partial void SpoolRecovered(ILogger logger, string bucket, string directory, long records, int cutRecords, long cutBytes);

    [LoggerMessage(EventId = 51, Level = LogLevel.Warning,
        Message = "The ingestion writer of bucket {Bucket} keeps {Count} records in its spool and sends them again in {Delay}: {Reason}")]
    public static partial void SpoolRetrying(ILogger logger, string bucket, int count, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 52, Level = LogLevel.Warning,
        Message = "The ingestion writer's failure handler of bucket {Bucket} threw")]
    public static partial void FailureHandlerFailed(ILogger logger, string bucket, Exception exception);
}
