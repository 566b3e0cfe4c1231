using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Reduct.Client.Diagnostics;

/// <summary>
/// The <c>Reduct.Client</c> meter and its instruments (see <see cref="ReductTelemetry"/> for what each one
/// means). One meter per process, like the runtime's own meters: a listener subscribes once and sees every client.
/// </summary>
/// <remarks>
/// Every method checks <see cref="Instrument.Enabled"/> first, so an application that collects nothing pays
/// no tag allocations on the write path.
/// </remarks>
internal static class ReductMetrics
{
    private static readonly Meter Meter = new(ReductTelemetry.MeterName, AssemblyVersion.Value);

    private static readonly Counter<long> RecordsWrittenCounter = Meter.CreateCounter<long>(
        "reduct.client.records.written", "{record}", "Records the server stored.");

    private static readonly Counter<long> BytesWrittenCounter = Meter.CreateCounter<long>(
        "reduct.client.bytes.written", "By", "Body bytes of the records the server stored.");

    private static readonly Counter<long> RecordsFailedCounter = Meter.CreateCounter<long>(
        "reduct.client.records.failed", "{record}", "Records that were not stored.");

    private static readonly Histogram<int> RecordsPerRequestHistogram = CreateRecordsPerRequest();

    private static readonly Histogram<double> RequestDurationHistogram = CreateRequestDuration();

    /// <summary>True when someone listens to the request-level instruments.</summary>
    public static bool RequestInstrumentsEnabled => RequestDurationHistogram.Enabled || RecordsPerRequestHistogram.Enabled;

    /// <summary>Counts records the server stored and their body bytes.</summary>
    public static void RecordsWritten(string bucket, long records, long bytes)
    {
        if (records <= 0)
        {
            return;
        }

        var bucketTag = new KeyValuePair<string, object?>(TelemetryTags.Bucket, bucket);
        if (RecordsWrittenCounter.Enabled)
        {
            RecordsWrittenCounter.Add(records, bucketTag);
        }

        if (BytesWrittenCounter.Enabled)
        {
            BytesWrittenCounter.Add(bytes, bucketTag);
        }
    }

    /// <summary>Counts records that were not stored, with the status (or transport failure) that explains why.</summary>
    public static void RecordsFailed(string bucket, long records, int status)
    {
        if (records > 0 && RecordsFailedCounter.Enabled)
        {
            RecordsFailedCounter.Add(records,
                new KeyValuePair<string, object?>(TelemetryTags.Bucket, bucket),
                new KeyValuePair<string, object?>(TelemetryTags.ErrorType, ErrorType(status)));
        }
    }

    /// <summary>Counts records that were not stored because of an exception that is not a <see cref="ReductException"/>.</summary>
    public static void RecordsFailed(string bucket, long records, Exception exception)
    {
        if (exception is ReductException reduct)
        {
            RecordsFailed(bucket, records, reduct.Status);
        }
        else if (records > 0 && RecordsFailedCounter.Enabled)
        {
            RecordsFailedCounter.Add(records,
                new KeyValuePair<string, object?>(TelemetryTags.Bucket, bucket),
                new KeyValuePair<string, object?>(TelemetryTags.ErrorType, exception is OperationCanceledException ? "canceled" : exception.GetType().FullName));
        }
    }

    /// <summary>Records the size of one write request.</summary>
    public static void RecordsPerRequest(string template, string bucket, int records)
    {
        if (RecordsPerRequestHistogram.Enabled)
        {
            RecordsPerRequestHistogram.Record(records,
                new KeyValuePair<string, object?>(TelemetryTags.UrlTemplate, template),
                new KeyValuePair<string, object?>(TelemetryTags.Bucket, bucket));
        }
    }

    /// <summary>Records how long a request took until its response headers, or until it failed.</summary>
    public static void RequestDuration(double seconds, string method, string template, Uri? server, int? status, string? errorType)
    {
        if (!RequestDurationHistogram.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { TelemetryTags.HttpMethod, method },
            { TelemetryTags.UrlTemplate, template },
        };
        if (server is { IsAbsoluteUri: true })
        {
            tags.Add(TelemetryTags.ServerAddress, server.Host);
            tags.Add(TelemetryTags.ServerPort, server.Port);
        }

        if (status is { } code)
        {
            tags.Add(TelemetryTags.HttpStatusCode, code);
        }

        if (errorType is not null)
        {
            tags.Add(TelemetryTags.ErrorType, errorType);
        }

        RequestDurationHistogram.Record(seconds, tags);
    }

    /// <summary>The <c>error.type</c> value of a <see cref="ReductException.Status"/>.</summary>
    public static string ErrorType(int status) => status switch
    {
        ReductException.ConnectionFailed => "connection_failed",
        ReductException.Timeout => "timeout",
        ReductException.ContentLengthMismatch => "content_length_mismatch",
        ReductException.UnsupportedApiVersion => "unsupported_api_version",
        ReductException.NotSupportedByServer => "not_supported_by_server",
        400 => "400",
        401 => "401",
        403 => "403",
        404 => "404",
        409 => "409",
        422 => "422",
        429 => "429",
        431 => "431",
        500 => "500",
        503 => "503",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };

    private static Histogram<int> CreateRecordsPerRequest()
    {
#if NET9_0_OR_GREATER
        // Buckets around the batch limits (80 records by default) rather than the default millisecond-shaped ones.
        return Meter.CreateHistogram<int>("reduct.client.request.records", "{record}", "Records per write request.",
            tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 40, 80, 160, 320, 640] });
#else
        return Meter.CreateHistogram<int>("reduct.client.request.records", "{record}", "Records per write request.");
#endif
    }

    private static Histogram<double> CreateRequestDuration()
    {
#if NET9_0_OR_GREATER
        // OpenTelemetry's recommended boundaries for HTTP client durations in seconds.
        return Meter.CreateHistogram<double>("reduct.client.request.duration", "s", "Duration of HTTP requests until the response headers.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });
#else
        return Meter.CreateHistogram<double>("reduct.client.request.duration", "s", "Duration of HTTP requests until the response headers.");
#endif
    }

    /// <summary>
    /// The queue depth of background writers: records accepted and not yet handed to a request. A writer adds
    /// when it accepts records and subtracts when they leave its queue (sent, failed or dropped on dispose).
    /// </summary>
    internal static class WriterQueueDepth
    {
        private static readonly ConcurrentDictionary<string, StrongBox<long>> Depths = new(StringComparer.Ordinal);

        // Observed rather than pushed: a listener that subscribes while writers hold records still sees the true
        // depth. Created with the first writer, so that the instrument exists whenever there is a queue to report.
        private static readonly ObservableUpDownCounter<long> Instrument = Meter.CreateObservableUpDownCounter(
            "reduct.client.writer.queue_depth", Observe, "{record}", "Records accepted by writers and not yet sent.");

        /// <summary>
        /// The depth counter of the writers of <paramref name="bucket"/>: a writer adds to it (with
        /// <see cref="Interlocked"/>) when it accepts records and subtracts when they leave its queue. Held by the
        /// writer, so that a record costs one atomic add rather than a lookup.
        /// </summary>
        public static StrongBox<long> For(string bucket)
        {
            GC.KeepAlive(Instrument); // reading the field publishes the instrument with the first queue
            return Depths.GetOrAdd(bucket, static _ => new StrongBox<long>());
        }

        /// <summary>The current depth of the queues of one bucket (for tests).</summary>
        public static long Current(string bucket) => Depths.TryGetValue(bucket, out StrongBox<long>? depth) ? Interlocked.Read(ref depth.Value) : 0;

        internal static IEnumerable<Measurement<long>> Observe()
        {
            foreach (KeyValuePair<string, StrongBox<long>> depth in Depths)
            {
                yield return new Measurement<long>(Interlocked.Read(ref depth.Value.Value), new KeyValuePair<string, object?>(TelemetryTags.Bucket, depth.Key));
            }
        }
    }

    /// <summary>
    /// The spools of writers that have one: bytes of their segment files, records not yet stored or reported failed,
    /// and the age of the oldest of those, per bucket and spool directory. Observed from the open spools.
    /// </summary>
    internal static class WriterSpools
    {
        private static readonly ConcurrentDictionary<Ingestion.Spooling.SpoolLog, (string Bucket, string Directory)> Open = new();

        private static readonly ObservableUpDownCounter<long> BytesInstrument = Meter.CreateObservableUpDownCounter(
            "reduct.client.writer.spool.bytes", () => Observe(static log => log.Bytes), "By", "Bytes of writers' spool segment files.");

        private static readonly ObservableUpDownCounter<long> RecordsInstrument = Meter.CreateObservableUpDownCounter(
            "reduct.client.writer.spool.records", () => Observe(static log => log.PendingRecords), "{record}",
            "Records in writers' spools not yet stored or reported failed.");

        private static readonly ObservableGauge<double> AgeInstrument = Meter.CreateObservableGauge(
            "reduct.client.writer.spool.oldest_age", () => Observe(static log => log.OldestAge().TotalSeconds), "s",
            "Age of the oldest record in a writer's spool that is not yet stored.");

        /// <summary>Reports a spool while it is open; dispose the result when it closes.</summary>
        public static IDisposable Track(Ingestion.Spooling.SpoolLog log, string bucket, string directory)
        {
            GC.KeepAlive(BytesInstrument);
            GC.KeepAlive(RecordsInstrument);
            GC.KeepAlive(AgeInstrument);
            Open[log] = (bucket, directory);
            return new Registration(log);
        }

        private static IEnumerable<Measurement<T>> Observe<T>(Func<Ingestion.Spooling.SpoolLog, T> measure)
            where T : struct
        {
            foreach (KeyValuePair<Ingestion.Spooling.SpoolLog, (string Bucket, string Directory)> spool in Open)
            {
                yield return new Measurement<T>(measure(spool.Key),
                    new KeyValuePair<string, object?>(TelemetryTags.Bucket, spool.Value.Bucket),
                    new KeyValuePair<string, object?>("reduct.spool.directory", spool.Value.Directory));
            }
        }

        private sealed class Registration(Ingestion.Spooling.SpoolLog log) : IDisposable
        {
            public void Dispose() => Open.TryRemove(log, out _);
        }
    }
}
