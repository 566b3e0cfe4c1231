using Microsoft.Extensions.Logging;
using Reduct.Client.Diagnostics;
using Reduct.Client.Http;
using Reduct.Client.Ingestion;
using Reduct.Client.Ingestion.Buffering;
using Reduct.Client.Ingestion.Spooling;
using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>
/// A background writer for many small records: producers queue records and return at once, and the writer
/// sends them in batches with the header-light batch protocol v2 on servers 1.18+ (one short header per record
/// in steady state) and v1 batches before.
/// </summary>
/// <remarks>
/// <para>Create one from <see cref="Bucket.CreateWriter"/>, declare each entry's fixed metadata once with
/// <see cref="OpenEntry"/>, write through the returned <see cref="EntryWriter"/> from any number of threads,
/// and dispose the writer (<c>await using</c>) to send what is left.</para>
/// <para>Records are collected per entry: an entry's records go out as a request of their own once they reach
/// <see cref="IngestionWriterOptions.FlushRecordCount"/> or <see cref="IngestionWriterOptions.FlushBytes"/>, so
/// that a busy entry's requests carry only the short steady-state record headers. When the oldest collected
/// record has waited <see cref="IngestionWriterOptions.FlushInterval"/> (or on a flush, or at dispose), every
/// entry's partial collection is sent, several entries per request. Up to
/// <see cref="IngestionWriterOptions.MaxConcurrentRequests"/> requests are in flight at once, never two that
/// carry the same entry: the writer's parallelism is across entries, and each entry's requests go out in the
/// order they were made.</para>
/// <para>Memory is bounded: when <see cref="IngestionWriterOptions.MaxBufferedBytes"/> or
/// <see cref="IngestionWriterOptions.MaxBufferedRecords"/> is reached, writes wait (or fail fast) until
/// requests complete. Nothing is dropped silently: every record that is not stored is passed to
/// <see cref="IngestionWriterOptions.OnFailure"/> and returned by the next <see cref="FlushAsync"/>, and
/// failures not yet returned by <see cref="FlushAsync"/> make <see cref="CloseAsync"/> throw an
/// <see cref="IngestionException"/> unless an <see cref="IngestionWriterOptions.OnFailure"/> handler saw them.
/// Disposing never throws.</para>
/// <para>With <see cref="IngestionWriterOptions.Spool"/>, records go into a spool directory first and are sent from
/// there: they survive link loss, restarts and crashes (see <see cref="SpoolOptions"/>).</para>
/// <para>No entry state is kept between requests (v2 reuses metadata only inside a request), so entries
/// that go idle cost nothing; a closed <see cref="EntryWriter"/> only refuses further writes.</para>
/// </remarks>
public sealed class IngestionWriter : IAsyncDisposable
{
    private readonly IWriterStage _stage;
    private readonly IngestionWriterOptions _options;
    private readonly string _bucket;
    private readonly ILogger _logger;
    private readonly object _sync = new();
    private readonly Dictionary<string, EntryWriter> _entries = new(StringComparer.Ordinal);
    private bool _stopping;
    private int _faultLogged;

    private IngestionWriter(IWriterStage stage, string bucket, IngestionWriterOptions options, ILogger logger)
    {
        _stage = stage;
        _bucket = bucket;
        _options = options;
        _logger = logger;
    }

    /// <summary>Records queued or in flight; with a spool, the records in the spool not yet stored or reported failed.</summary>
    public int BufferedRecords => _stage.BufferedRecords;

    /// <summary>Body bytes queued or in flight; with a spool, the bytes of its segment files.</summary>
    public long BufferedBytes => _stage.BufferedBytes;

    /// <summary>
    /// With a spool, what opening it found: records an earlier run left (sent first) and what a crash had torn;
    /// null without a spool.
    /// </summary>
    public SpoolRecovery? SpoolRecovery => _stage.SpoolRecovery;

    /// <summary>With a spool, how long its oldest record not yet stored or reported failed has waited; zero without one.</summary>
    public TimeSpan SpoolOldestAge => _stage.SpoolOldestAge;

    /// <summary>Declares an entry and the metadata all its records share.</summary>
    /// <param name="entry">
    /// Entry name. A name with <c>/</c> needs a server with API 1.19 or newer: on an older server each of its records is
    /// reported failed with <see cref="ReductException.NotSupportedByServer"/> and none of them is sent.
    /// </param>
    /// <param name="contentType">Content type of every record; null for <c>application/octet-stream</c>.</param>
    /// <param name="labels">Labels of every record (copied); individual records may replace them.</param>
    /// <returns>A handle to write records through.</returns>
    /// <exception cref="ArgumentException">The name, content type or labels are not allowed in batches.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public EntryWriter OpenEntry(string entry, string? contentType = null, Labels? labels = null)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        HeaderValueRules.ValidateBatchContentType(contentType, nameof(contentType));
        var writer = new EntryWriter(this, entry, contentType, LabelSnapshot.Of(labels, nameof(labels)));
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _entries[entry] = writer;
        }

        return writer;
    }

    /// <summary>Queues a record to an entry opened with <see cref="OpenEntry"/>, with that entry's metadata.</summary>
    /// <exception cref="ArgumentException">The entry was not opened, or was closed.</exception>
    /// <inheritdoc cref="EntryWriter.WriteAsync(ReductTimestamp, ReadOnlyMemory{byte}, CancellationToken)"/>
    public ValueTask WriteAsync(string entry, ReductTimestamp timestamp, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        EntryWriter? writer;
        lock (_sync)
        {
            _entries.TryGetValue(entry, out writer);
        }

        if (writer is null)
        {
            throw new ArgumentException($"Entry '{entry}' is not open in this writer; call OpenEntry first (it declares the entry's content type and labels).", nameof(entry));
        }

        return writer.WriteAsync(timestamp, data, cancellationToken);
    }

    /// <summary>
    /// Sends everything queued before this call and returns every record that failed since the previous
    /// <see cref="FlushAsync"/> (an empty list when all were stored). With a spool, waits until each of those records is
    /// stored or refused for good, however long the server is away.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    /// <exception cref="IOException">
    /// With a spool: its files could not be read (a segment damaged while the writer ran), so sending stopped. What was
    /// not sent stays in the spool; the next writer on the directory cuts the damaged records, counts them in
    /// <see cref="SpoolRecovery"/> and sends the rest.
    /// </exception>
    public Task<IReadOnlyList<FailedRecord>> FlushAsync(CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
        }

        return _stage.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Stops taking records, sends everything queued and returns the records that failed since the previous
    /// <see cref="FlushAsync"/> (an empty list when all were stored). Sending stops after
    /// <see cref="IngestionWriterOptions.DisposeTimeout"/>, or when <paramref name="cancellationToken"/> is
    /// cancelled: the records of a request in flight then are reported as outcome-unknown
    /// (<see cref="ReductException.IsOutcomeUnknown"/>), those not sent yet as not stored. With a spool, what is not sent
    /// by then stays in the spool for the next writer on its directory and is not reported.
    /// </summary>
    /// <remarks>
    /// The way to finish a writer when its outcome matters. A second call, or one after <see cref="DisposeAsync"/>,
    /// waits for the first to finish and returns an empty list.
    /// </remarks>
    /// <param name="cancellationToken">Stops sending; the records not stored are reported, not lost silently.</param>
    /// <exception cref="IngestionException">
    /// Records failed and no <see cref="IngestionWriterOptions.OnFailure"/> handler saw them: the exception lists
    /// every one.
    /// </exception>
    /// <exception cref="IOException">With a spool: its files could not be read, as for <see cref="FlushAsync"/>.</exception>
    public async Task<IReadOnlyList<FailedRecord>> CloseAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<FailedRecord> failures = await StopAsync(cancellationToken).ConfigureAwait(false);
        if (failures.Count > 0 && _options.OnFailure is null)
        {
            // Failures nobody saw come first: they are lost otherwise. A spool's fault is then in the log.
            LogFaultOnce();
            throw new IngestionException(failures);
        }

        if (_stage.Fault is { } stopped)
        {
            // Thrown here, so disposal need not log it as well.
            Interlocked.Exchange(ref _faultLogged, 1);
            throw stopped;
        }

        return failures;
    }

    /// <summary>
    /// Sends what is queued, as <see cref="CloseAsync"/> does, and never throws: under <c>await using</c> an
    /// exception here would replace one already on its way. Records that fail still reach
    /// <see cref="IngestionWriterOptions.OnFailure"/>; those that no handler saw are logged as a warning. Call
    /// <see cref="CloseAsync"/> first to learn them.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            IReadOnlyList<FailedRecord> failures = await StopAsync(CancellationToken.None).ConfigureAwait(false);
            if (failures.Count > 0 && _options.OnFailure is null)
            {
                Log.WriterDisposedWithFailures(_logger, _bucket, failures.Count, failures[0].Entry, failures[0].Timestamp.Microseconds, failures[0].Error.Message);
            }

            LogFaultOnce();
        }
        catch (Exception ex)
        {
            // Nothing may escape a dispose; a failure of the writer itself is logged instead.
            Log.WriterDisposeFailed(_logger, _bucket, ex);
        }
    }

    /// <summary>Builds a writer on its stages: the in-memory one, behind the spool when the options give one.</summary>
    /// <exception cref="InvalidOperationException">Another writer has the spool directory open.</exception>
    internal static IngestionWriter Create(ReductHttpPipeline pipeline, string bucket, IngestionWriterOptions options, ILogger logger)
    {
        IWriterStage stage;
        if (options.Spool is null)
        {
            stage = new MemoryWriter(pipeline, bucket, options, logger);
        }
        else
        {
            SpoolLog log = SpoolLog.Open(options.Spool);
            IngestionWriterOptions senderOptions = options.Validated();
            senderOptions.Spool = null;
            senderOptions.OnFailure = null;

            // An earlier run may have spooled records up to the spool's own limit: the sender takes any of them (its
            // memory is bounded by the spool's read windows, not by this limit).
            senderOptions.MaxBufferedBytes = Math.Max(options.MaxBufferedBytes, options.Spool.MaxBytes / 2);
            stage = new SpoolForwarder(log, new MemoryWriter(pipeline, bucket, senderOptions, logger), options, bucket, logger);
        }

        stage.Start();
        return new IngestionWriter(stage, bucket, options, logger);
    }

    /// <summary>Hands a record of an open entry to the stage.</summary>
    internal ValueTask EnqueueAsync(EntryWriter entry, ReductTimestamp timestamp, ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string>? labels, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(entry.IsClosed, entry);
        if (data.Length > _options.MaxBufferedBytes)
        {
            // With a spool or without: the writer is for small records, whatever keeps them.
            throw new ArgumentException(
                $"The record ({data.Length} bytes) is larger than the writer's buffer ({_options.MaxBufferedBytes} bytes); write it with Bucket.WriteAsync.",
                nameof(data));
        }

        return _stage.EnqueueAsync(entry, timestamp, data, labels, cancellationToken);
    }

    /// <summary>Forgets a closed entry handle; its records already taken are still sent.</summary>
    internal void Close(EntryWriter entry)
    {
        lock (_sync)
        {
            if (_entries.TryGetValue(entry.Name, out EntryWriter? current) && ReferenceEquals(current, entry))
            {
                _entries.Remove(entry.Name);
            }
        }
    }

    /// <summary>Logs the stage's fault, if it has one and it was neither logged nor thrown before.</summary>
    private void LogFaultOnce()
    {
        if (_stage.Fault is { } fault && Interlocked.Exchange(ref _faultLogged, 1) == 0)
        {
            Log.WriterDisposeFailed(_logger, _bucket, fault);
        }
    }

    private Task<IReadOnlyList<FailedRecord>> StopAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            _stopping = true;
        }

        return _stage.StopAsync(cancellationToken);
    }
}
