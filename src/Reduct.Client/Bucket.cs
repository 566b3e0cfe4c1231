using System.ComponentModel;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Reduct.Client.Diagnostics;
using Reduct.Client.Editing;
using Reduct.Client.Http;
using Reduct.Client.Protocol;
using Reduct.Client.Querying;
using Reduct.Client.Writing;

namespace Reduct.Client;

/// <summary>
/// A handle to one bucket: writes and reads records, and manages the bucket's settings. Cheap to create and
/// thread-safe; get one from <see cref="ReductClient.GetBucket(string)"/> or <see cref="ReductClient.CreateBucketAsync"/>.
/// </summary>
/// <remarks>
/// A record is identified by its entry and timestamp. Every write checks its arguments (entry name, content
/// type, labels, lengths) before anything is sent, so bad input never reaches the server.
/// </remarks>
public partial class Bucket
{
    /// <summary>The content type of a record written without one.</summary>
    public const string DefaultContentType = SingleRecordMessages.DefaultContentType;

    private readonly ReductHttpPipeline? _pipeline;
    private BatchSender? _batchSender;

    internal Bucket(ReductClient client, ReductHttpPipeline pipeline, string name)
    {
        Client = client;
        _pipeline = pipeline;
        Name = name;
    }

    /// <summary>For mocking in tests of code that uses buckets.</summary>
    protected Bucket()
    {
        Client = null!;
        Name = string.Empty;
    }

    /// <summary>The bucket name.</summary>
    public virtual string Name { get; }

    /// <summary>The client this bucket belongs to.</summary>
    public virtual ReductClient Client { get; }

    private ReductHttpPipeline Pipeline =>
        _pipeline ?? throw new InvalidOperationException("This Bucket was created for mocking and cannot send requests.");

    // One per bucket, made on first use: it keeps the request URIs it built (two threads may both make one; either will do).
    private BatchSender BatchSender => _batchSender ??= new BatchSender(Pipeline, Name);

    /// <summary>Writes a record from memory.</summary>
    /// <param name="entry">
    /// Entry name: letters, digits, <c>_</c>, <c>-</c>, and <c>/</c> between segments (a hierarchical entry, which
    /// needs a server with API 1.19 or newer).
    /// </param>
    /// <param name="data">The record body (may be empty).</param>
    /// <param name="timestamp">The record's timestamp; null for now (microsecond resolution).</param>
    /// <param name="options">Content type and labels.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="ArgumentException">The entry name or content type is not allowed.</exception>
    /// <exception cref="ReductException">
    /// 409 when a record with this timestamp exists, 404 when the bucket does not, or another error;
    /// <see cref="ReductException.NotSupportedByServer"/> for an entry name with <c>/</c> on a server older than API 1.19
    /// (nothing is sent).
    /// </exception>
    public virtual Task WriteAsync(
        string entry,
        ReadOnlyMemory<byte> data,
        ReductTimestamp? timestamp = null,
        RecordWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ValidateWrite(entry, options);
        return SingleRecordSender.SendFromMemoryAsync(Pipeline, Name, entry, timestamp ?? ReductTimestamp.Now, data, options, cancellationToken);
    }

    /// <summary>Writes a record whose body is a string, sent as UTF-8.</summary>
    /// <inheritdoc cref="WriteAsync(string, ReadOnlyMemory{byte}, ReductTimestamp?, RecordWriteOptions?, CancellationToken)"/>
    public virtual Task WriteAsync(
        string entry,
        string data,
        ReductTimestamp? timestamp = null,
        RecordWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return WriteAsync(entry, Encoding.UTF8.GetBytes(data), timestamp, options, cancellationToken);
    }

    /// <summary>
    /// Writes a record streamed from a <see cref="Stream"/> that can tell its length: the body is the stream
    /// from its current position to its end. It is sent with an exact <c>Content-Length</c> and never buffered whole.
    /// </summary>
    /// <exception cref="ArgumentException">The stream cannot seek (give its length with the other overload), or a name is not allowed.</exception>
    /// <exception cref="ReductException">
    /// The server answered with an error, or the stream changed length while it was sent
    /// (<see cref="ReductException.ContentLengthMismatch"/>; the upload is aborted and no record is stored), or
    /// <see cref="ReductException.NotSupportedByServer"/> (an entry name with <c>/</c> on a server older than API 1.19).
    /// </exception>
    /// <inheritdoc cref="WriteAsync(string, ReadOnlyMemory{byte}, ReductTimestamp?, RecordWriteOptions?, CancellationToken)"/>
    public virtual Task WriteAsync(
        string entry,
        Stream data,
        ReductTimestamp? timestamp = null,
        RecordWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.CanSeek)
        {
            throw new ArgumentException("The stream cannot seek, so its length is unknown; pass contentLength explicitly.", nameof(data));
        }

        return WriteAsync(entry, data, data.Length - data.Position, timestamp, options, cancellationToken);
    }

    /// <summary>
    /// Writes a record streamed from a <see cref="Stream"/>, of which exactly <paramref name="contentLength"/>
    /// bytes are sent. The server reserves that size up front; a stream that ends early or holds more bytes
    /// aborts the upload, so no record with wrong content is stored.
    /// </summary>
    /// <param name="entry">Entry name.</param>
    /// <param name="data">The body source, read from its current position.</param>
    /// <param name="contentLength">The exact number of bytes the stream yields.</param>
    /// <param name="timestamp">The record's timestamp; null for now.</param>
    /// <param name="options">Content type, labels and progress.</param>
    /// <param name="cancellationToken">Cancels the upload; the server keeps no record.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="contentLength"/> is negative.</exception>
    /// <exception cref="ReductException">
    /// The server answered with an error, <see cref="ReductException.ContentLengthMismatch"/>, or
    /// <see cref="ReductException.NotSupportedByServer"/> (an entry name with <c>/</c> on a server older than API 1.19).
    /// </exception>
    public virtual Task WriteAsync(
        string entry,
        Stream data,
        long contentLength,
        ReductTimestamp? timestamp = null,
        RecordWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(contentLength);
        if (!data.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(data));
        }

        ValidateWrite(entry, options);
        return SendWriteAsync(entry, timestamp ?? ReductTimestamp.Now, new StreamSourceContent(data, contentLength, options?.Progress),
            contentLength, options, streamed: true, cancellationToken);
    }

    /// <summary>
    /// Not a write: refused by the compiler. After a stream an integer is its content length, and a length is a
    /// <see cref="long"/>; without this overload a <see cref="ulong"/> there would silently be taken as the timestamp
    /// instead (the one integer type that converts to <see cref="ReductTimestamp"/> and not to <see cref="long"/>).
    /// </summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    [Obsolete(UlongAfterStreamMessage, error: true)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Task WriteAsync(
        string entry,
        Stream data,
        ulong contentLength,
        ReductTimestamp? timestamp = null,
        RecordWriteOptions? options = null,
        CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(UlongAfterStreamMessage);

    private const string UlongAfterStreamMessage =
        "After a stream, an integer is its content length (a long). For a length pass (long)n; for a timestamp in "
        + "microseconds pass new ReductTimestamp(n), or name it (timestamp: n), or give it after the length.";

    /// <summary>
    /// Writes a record streamed from chunks, with its total length given up front (the server must know the
    /// size of a record before it stores it). The chunks are sent as they come and never buffered whole.
    /// </summary>
    /// <param name="entry">Entry name.</param>
    /// <param name="chunks">The body, in order. Each chunk may be reused by the producer once the next one is requested.</param>
    /// <param name="contentLength">The exact total number of bytes the chunks hold.</param>
    /// <param name="timestamp">The record's timestamp; null for now.</param>
    /// <param name="options">Content type, labels and progress.</param>
    /// <param name="cancellationToken">Cancels the upload; the server keeps no record.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="contentLength"/> is negative.</exception>
    /// <exception cref="ReductException">
    /// The server answered with an error, or the chunks held more or fewer bytes than declared
    /// (<see cref="ReductException.ContentLengthMismatch"/>: the upload is aborted and no record is stored), or
    /// <see cref="ReductException.NotSupportedByServer"/> (an entry name with <c>/</c> on a server older than API 1.19).
    /// </exception>
    public virtual Task WriteAsync(
        string entry,
        IAsyncEnumerable<ReadOnlyMemory<byte>> chunks,
        long contentLength,
        ReductTimestamp? timestamp = null,
        RecordWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentOutOfRangeException.ThrowIfNegative(contentLength);
        ValidateWrite(entry, options);
        return SendWriteAsync(entry, timestamp ?? ReductTimestamp.Now, new AsyncChunksContent(chunks, contentLength, options?.Progress),
            contentLength, options, streamed: true, cancellationToken);
    }

    /// <summary>Writes a record streamed from chunks given as arrays, its total length declared up front.</summary>
    /// <inheritdoc cref="WriteAsync(string, IAsyncEnumerable{ReadOnlyMemory{byte}}, long, ReductTimestamp?, RecordWriteOptions?, CancellationToken)"/>
    public virtual Task WriteAsync(
        string entry,
        IAsyncEnumerable<byte[]> chunks,
        long contentLength,
        ReductTimestamp? timestamp = null,
        RecordWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return WriteAsync(entry, AsMemoryChunks(chunks), contentLength, timestamp, options, cancellationToken);
    }

    /// <summary>Reads one record. Dispose the result to release the connection.</summary>
    /// <param name="entry">Entry name.</param>
    /// <param name="timestamp">The record's timestamp.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The entry name is not allowed.</exception>
    /// <exception cref="ReductException">
    /// 404 when the bucket, entry or record does not exist, or another error; <see cref="ReductException.NotSupportedByServer"/>
    /// for an entry name with <c>/</c> on a server older than API 1.19 (nothing is sent).
    /// </exception>
    public virtual Task<ReductRecord> ReadAsync(string entry, ReductTimestamp timestamp, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        return SingleRecordReader.ReadAsync(Pipeline, Name, entry, timestamp, metadataOnly: false, cancellationToken);
    }

    /// <summary>Reads the latest record of an entry (the one with the greatest timestamp). Dispose the result to release the connection.</summary>
    /// <param name="entry">Entry name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The entry name is not allowed.</exception>
    /// <exception cref="ReductException">
    /// 404 when the bucket or entry does not exist or the entry has no record, or another error;
    /// <see cref="ReductException.NotSupportedByServer"/> for an entry name with <c>/</c> on a server older than API 1.19.
    /// </exception>
    public virtual Task<ReductRecord> ReadLatestAsync(string entry, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        return SingleRecordReader.ReadAsync(Pipeline, Name, entry, timestamp: null, metadataOnly: false, cancellationToken);
    }

    /// <summary>
    /// Reads a record's metadata without its body (HEAD): time, content type, length and labels. The result has
    /// <see cref="ReductRecord.IsMetadataOnly"/> set and holds no connection.
    /// </summary>
    /// <param name="entry">Entry name.</param>
    /// <param name="timestamp">The record's timestamp; null for the entry's latest record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The entry name is not allowed.</exception>
    /// <exception cref="ReductException">404 when the bucket, entry or record does not exist, or another error.</exception>
    public virtual Task<ReductRecord> ReadMetadataAsync(string entry, ReductTimestamp? timestamp = null, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        return SingleRecordReader.ReadAsync(Pipeline, Name, entry, timestamp, metadataOnly: true, cancellationToken);
    }

    /// <summary>
    /// Queries one entry: its records in <c>[start, stop)</c> that meet the options' condition, in time order, each
    /// body streamed from the server's batch (never a whole batch in memory). Read each record's
    /// <see cref="ReductRecord.Content"/> before moving to the next; a record left unread is skipped. Stopping the
    /// enumeration (break, dispose, cancel) releases the connection.
    /// </summary>
    /// <param name="entry">Entry name.</param>
    /// <param name="start">The first timestamp, inclusive; null for the entry's first record.</param>
    /// <param name="stop">The timestamp to stop before; null for after the entry's latest record.</param>
    /// <param name="options">Condition, metadata only, continuous reading, TTL.</param>
    /// <param name="cancellationToken">Stops the query.</param>
    /// <returns>The records, as the server sends them.</returns>
    /// <exception cref="ArgumentException">The entry name or an option is not allowed (thrown by this call, before anything is sent).</exception>
    /// <exception cref="ReductException">
    /// While enumerating: 404 when the bucket or entry does not exist, 422 for a condition the server refuses, the
    /// server's error for a strict condition it cannot evaluate, a query that expired because it was not read
    /// within its TTL, <see cref="ReductException.NotSupportedByServer"/> on a server older than API 1.13; a batch that
    /// broke off is not read again (its records were taken from the query), so run the query again from the last
    /// record received.
    /// </exception>
    public virtual IAsyncEnumerable<ReductRecord> QueryAsync(
        string entry,
        ReductTimestamp? start = null,
        ReductTimestamp? stop = null,
        QueryOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        (ulong first, ulong end) = QueryRange(start, stop);
        QueryOptions checkedOptions = CheckedQueryOptions(options);
        return QueryReader.ReadEntryAsync(Pipeline, Name, entry, first, end, checkedOptions, cancellationToken);
    }

    /// <summary>
    /// Queries several entries at once: names, or <c>prefix*</c> to select every entry whose name starts with the
    /// prefix (<c>*</c> for all). On servers with API 1.18 or newer this is one query (batch protocol v2), and
    /// records come as the server merges them, by entry within each batch; before, one query per matching entry,
    /// entry after entry. Stateful operators (<see cref="Condition.Limit"/>, ...) count per entry.
    /// </summary>
    /// <param name="entries">Entry names and patterns; at least one.</param>
    /// <param name="start">The first timestamp, inclusive; null for each entry's first record.</param>
    /// <param name="stop">The timestamp to stop before; null for after each entry's latest record.</param>
    /// <param name="options">Condition, metadata only, continuous reading, TTL.</param>
    /// <param name="cancellationToken">Stops the query.</param>
    /// <inheritdoc cref="QueryAsync(string, ReductTimestamp?, ReductTimestamp?, QueryOptions?, CancellationToken)"/>
    public virtual IAsyncEnumerable<ReductRecord> QueryAsync(
        IEnumerable<string> entries,
        ReductTimestamp? start = null,
        ReductTimestamp? stop = null,
        QueryOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        string[] selectors = EntrySelectors(entries);
        (ulong first, ulong end) = QueryRange(start, stop);
        QueryOptions checkedOptions = CheckedQueryOptions(options);
        return QueryReader.ReadEntriesAsync(Pipeline, this, selectors, first, end, checkedOptions, cancellationToken);
    }

    /// <summary>Reads one record's body, content type and labels into memory.</summary>
    /// <returns>The record's body.</returns>
    /// <inheritdoc cref="ReadAsync(string, ReductTimestamp, CancellationToken)"/>
    public virtual async Task<byte[]> ReadBytesAsync(string entry, ReductTimestamp timestamp, CancellationToken cancellationToken = default)
    {
        await using ReductRecord record = await ReadAsync(entry, timestamp, cancellationToken).ConfigureAwait(false);
        return await record.ReadAllBytesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the records of a <see cref="Batch"/> to one entry, in as few requests as the server's limits allow.
    /// </summary>
    /// <param name="entry">Entry name.</param>
    /// <param name="batch">The records, sent from where they are: do not change the batch until the call completes. Left as it is, so it can be sent again or cleared.</param>
    /// <param name="cancellationToken">Cancels the remaining requests; records already sent stay stored.</param>
    /// <returns>
    /// Every record that was not stored, by timestamp, with the reason; empty when all were stored. This map is
    /// for partial outcomes: once part of the batch is stored, a later request that fails as a whole reports each
    /// of its records here with that error (<see cref="ReductException.IsOutcomeUnknown"/> set when they may have
    /// been stored all the same), and when the error is one the rest would meet too (the server unreachable, auth,
    /// a missing bucket) the rest is not sent and reported here as not stored. Records found stored by an attempt
    /// that broke off are in <see cref="BatchWriteResult{TKey}.AlreadyStored"/>, not here.
    /// </returns>
    /// <exception cref="ArgumentException">The entry name is not allowed.</exception>
    /// <exception cref="ReductException">
    /// The first request failed as a whole, so nothing of the batch was stored (unless the exception has
    /// <see cref="ReductException.IsOutcomeUnknown"/> set) and the rest was not sent: the server is unreachable or
    /// silent after the retries, refuses the token, has no such bucket, or refused the request. Or
    /// <see cref="ReductException.NotSupportedByServer"/>: the entry name has a <c>/</c> and the server's API is older
    /// than 1.19, and nothing of the batch is sent.
    /// </exception>
    public virtual async Task<BatchWriteResult<ReductTimestamp>> WriteBatchAsync(
        string entry,
        Batch batch,
        CancellationToken cancellationToken = default)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        ArgumentNullException.ThrowIfNull(batch);
        await HierarchicalEntryCheck.ThrowIfUnsupportedAsync(Pipeline, entry, cancellationToken).ConfigureAwait(false);
        var alreadyStored = new List<RecordKey>();
        Dictionary<RecordKey, ReductException> failures = await BatchSender
            .SendAsync([entry], batch.Records.Records, batch.Records.IsInSendOrder, cancellationToken, alreadyStored: alreadyStored, throwWhenNothingStored: true).ConfigureAwait(false);
        var byTimestamp = new Dictionary<ReductTimestamp, ReductException>(failures.Count);
        foreach (KeyValuePair<RecordKey, ReductException> failure in failures)
        {
            byTimestamp[failure.Key.Timestamp] = failure.Value;
        }

        return new BatchWriteResult<ReductTimestamp>(byTimestamp, alreadyStored.ConvertAll(key => key.Timestamp));
    }

    /// <summary>
    /// Writes the records of a <see cref="RecordBatch"/> (any number of entries) in as few requests as the
    /// server's limits allow: batch protocol v2 on servers with API 1.18 or newer, one v1 batch per entry before.
    /// </summary>
    /// <param name="batch">The records, sent from where they are: do not change the batch until the call completes. Left as it is.</param>
    /// <param name="cancellationToken">Cancels the remaining requests; records already sent stay stored.</param>
    /// <returns>
    /// Every record that was not stored, by entry and timestamp, with the reason; empty when all were stored.
    /// Request-level failures and records already stored are reported as for <see cref="WriteBatchAsync(string, Batch, CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ReductException">
    /// The first request failed as a whole, as for <see cref="WriteBatchAsync(string, Batch, CancellationToken)"/>; or
    /// <see cref="ReductException.NotSupportedByServer"/>: an entry name has a <c>/</c> and the server's API is older
    /// than 1.19 (the message names the first such entry). Nothing of the batch is sent.
    /// </exception>
    public virtual async Task<BatchWriteResult<RecordKey>> WriteBatchAsync(
        RecordBatch batch,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await HierarchicalEntryCheck.ThrowIfAnyUnsupportedAsync(Pipeline, batch.Entries, cancellationToken).ConfigureAwait(false);
        var alreadyStored = new List<RecordKey>();
        Dictionary<RecordKey, ReductException> failures = await BatchSender
            .SendAsync(batch.Entries, batch.Records.Records, batch.Records.IsInSendOrder, cancellationToken, alreadyStored: alreadyStored, throwWhenNothingStored: true).ConfigureAwait(false);
        return new BatchWriteResult<RecordKey>(failures, alreadyStored);
    }

    /// <summary>
    /// Creates a background writer for many small records to this bucket: open entries with their fixed
    /// content type and labels once, then write records that cost only a timestamp and bytes each.
    /// Finish it with <see cref="IngestionWriter.CloseAsync"/> to send what is left and learn what failed;
    /// disposing (<c>await using</c>) sends what is left too, and never throws.
    /// </summary>
    /// <param name="options">Batching, buffering and failure-reporting options.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public virtual IngestionWriter CreateWriter(IngestionWriterOptions? options = null) =>
        IngestionWriter.Create(Pipeline, Name, (options ?? new IngestionWriterOptions()).Validated(), Pipeline.Logger);

    /// <summary>Gets the bucket summary.</summary>
    /// <exception cref="ReductException">404 when the bucket does not exist, or another error.</exception>
    public virtual async Task<BucketInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        (await GetFullInfoAsync(cancellationToken).ConfigureAwait(false)).Info;

    /// <summary>Gets the bucket settings, every value filled in.</summary>
    /// <exception cref="ReductException">404 when the bucket does not exist, or another error.</exception>
    public virtual async Task<BucketSettings> GetSettingsAsync(CancellationToken cancellationToken = default) =>
        (await GetFullInfoAsync(cancellationToken).ConfigureAwait(false)).Settings;

    /// <summary>Gets the bucket's entries, sorted by name.</summary>
    /// <exception cref="ReductException">404 when the bucket does not exist, or another error.</exception>
    public virtual async Task<IReadOnlyList<EntryInfo>> GetEntriesAsync(CancellationToken cancellationToken = default) =>
        (await GetFullInfoAsync(cancellationToken).ConfigureAwait(false)).Entries;

    /// <summary>Gets summary, settings and entries in one call.</summary>
    /// <exception cref="ReductException">404 when the bucket does not exist, or another error.</exception>
    public virtual Task<FullBucketInfo> GetFullInfoAsync(CancellationToken cancellationToken = default) =>
        Pipeline.GetJsonAsync(RequestPaths.Bucket(Name), ReductJsonContext.Default.FullBucketInfo, cancellationToken);

    /// <summary>True when the bucket exists. Any valid token may ask.</summary>
    /// <exception cref="ReductException">An error other than 404.</exception>
    public virtual async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, Pipeline.Uri(RequestPaths.Bucket(Name)));
            await Pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ReductException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Changes some settings; the properties left null keep their current values.</summary>
    /// <exception cref="ReductException">404 when the bucket does not exist, 409 when it is provisioned, or another error.</exception>
    public virtual Task UpdateSettingsAsync(BucketSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var request = new HttpRequestMessage(HttpMethod.Put, Pipeline.Uri(RequestPaths.Bucket(Name)))
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(settings, ReductJsonContext.Default.BucketSettings)),
        };
        return Pipeline.SendAsync(request, cancellationToken);
    }

    /// <summary>Removes the bucket and all its records. The server finishes the removal in the background.</summary>
    /// <exception cref="ReductException">404 when the bucket does not exist, 409 when it is provisioned, or another error.</exception>
    public virtual Task RemoveAsync(CancellationToken cancellationToken = default) =>
        Pipeline.SendAsync(new HttpRequestMessage(HttpMethod.Delete, Pipeline.Uri(RequestPaths.Bucket(Name))), cancellationToken);

    /// <summary>
    /// Changes the labels of one stored record: sets those in <see cref="LabelUpdate.Labels"/>, removes those in
    /// <see cref="LabelUpdate.LabelsToRemove"/>, and leaves the others. Body and content type do not change.
    /// </summary>
    /// <param name="entry">Entry name.</param>
    /// <param name="timestamp">The record's timestamp.</param>
    /// <param name="update">What to set and what to remove; read before anything is sent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The entry name or the update is not allowed (an empty value to set, a name both set and removed).</exception>
    /// <exception cref="ReductException">
    /// 404 when the bucket, entry or record does not exist, or another error; <see cref="ReductException.NotSupportedByServer"/>
    /// on a server older than API 1.11, or for an entry name with <c>/</c> before API 1.19 (nothing is sent).
    /// </exception>
    public virtual Task UpdateLabelsAsync(string entry, ReductTimestamp timestamp, LabelUpdate update, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        ArgumentNullException.ThrowIfNull(update);
        Dictionary<string, string> operations = update.ToOperations(forBatch: false, nameof(update));
        LabelHeaderBudget.Validate(operations, Pipeline.Options.MaxLabelHeaderSize, Pipeline.Options.BatchMaxRecords, nameof(update));
        return SingleChangeSender.UpdateLabelsAsync(Pipeline, Name, entry, timestamp, operations, cancellationToken);
    }

    /// <summary>
    /// Changes the labels of many records of one entry (batch protocol v1), in as few requests as the server's limits
    /// allow; each record gets its own update.
    /// </summary>
    /// <param name="entry">Entry name.</param>
    /// <param name="updates">The update of each record, by timestamp; read before anything is sent.</param>
    /// <param name="cancellationToken">Cancels the remaining requests; records already updated keep their new labels.</param>
    /// <returns>
    /// Every record that was not updated, by timestamp, with the reason (404 for a record that does not exist); empty
    /// when all were. Once part of the call is done, a later request that fails as a whole reports each of its records
    /// here with that error, and when the error is one the rest would meet too, the rest is reported as not sent.
    /// </returns>
    /// <exception cref="ArgumentException">The entry name or an update is not allowed (also a value with <c>"</c>, which batch headers cannot carry).</exception>
    /// <exception cref="ReductException">
    /// The first request failed as a whole (404 when the entry or the bucket does not exist), so nothing was updated;
    /// or <see cref="ReductException.NotSupportedByServer"/>, as for one record.
    /// </exception>
    public virtual async Task<IReadOnlyDictionary<ReductTimestamp, ReductException>> UpdateLabelsAsync(
        string entry, IReadOnlyDictionary<ReductTimestamp, LabelUpdate> updates, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        ArgumentNullException.ThrowIfNull(updates);
        ChangeList changes = ChangeList.ForUpdates(entry, updates, nameof(updates));
        return ByTimestamp(await SendChangesAsync(changes, ApiFeature.LabelUpdates, manyEntries: false, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Changes the labels of records of any entries, in as few requests as the server's limits allow: batch protocol
    /// v2 on servers with API 1.18 or newer, one v1 batch per entry before. Each record gets its own update.
    /// </summary>
    /// <param name="updates">The update of each record, by entry and timestamp; read before anything is sent.</param>
    /// <param name="cancellationToken">Cancels the remaining requests; records already updated keep their new labels.</param>
    /// <returns>
    /// Every record that was not updated, by entry and timestamp, with the reason; empty when all were. A missing
    /// entry fails only its own records (404). Request-level failures are reported as for one entry.
    /// </returns>
    /// <exception cref="ArgumentException">An entry name or an update is not allowed.</exception>
    /// <exception cref="ReductException">
    /// The first request failed as a whole (404 when the bucket does not exist), so nothing was updated; or
    /// <see cref="ReductException.NotSupportedByServer"/> on a server older than API 1.11, or for an entry name with
    /// <c>/</c> before API 1.19 (the message names the first such entry; nothing is sent).
    /// </exception>
    public virtual async Task<IReadOnlyDictionary<RecordKey, ReductException>> UpdateLabelsAsync(
        IReadOnlyDictionary<RecordKey, LabelUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ChangeList changes = ChangeList.ForUpdates(updates, nameof(updates));
        return await SendChangesAsync(changes, ApiFeature.LabelUpdates, manyEntries: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes one record.</summary>
    /// <param name="entry">Entry name; not an attachment entry (<c>$meta</c>), whose records are removed by labelling them <c>remove=true</c>.</param>
    /// <param name="timestamp">The record's timestamp.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The entry name is not allowed.</exception>
    /// <exception cref="ReductException">
    /// 404 when the bucket, entry or record does not exist, or another error; <see cref="ReductException.NotSupportedByServer"/>
    /// on a server older than API 1.12 (where this request would remove the whole entry), or for an entry name with
    /// <c>/</c> before API 1.19 (nothing is sent).
    /// </exception>
    public virtual Task RemoveRecordAsync(string entry, ReductTimestamp timestamp, CancellationToken cancellationToken = default)
    {
        ValidateRemovableEntry(entry);
        return SingleChangeSender.RemoveRecordAsync(Pipeline, Name, entry, timestamp, cancellationToken);
    }

    /// <summary>Removes many records of one entry (batch protocol v1), in as few requests as the server's limits allow.</summary>
    /// <param name="entry">Entry name; not an attachment entry (<c>$meta</c>).</param>
    /// <param name="timestamps">The records' timestamps; one named twice is removed once.</param>
    /// <param name="cancellationToken">Cancels the remaining requests; records already removed stay removed.</param>
    /// <returns>
    /// Every record that was not removed, by timestamp, with the reason (404 for a record that was not there); empty
    /// when all were. Request-level failures are reported as for <see cref="UpdateLabelsAsync(string, IReadOnlyDictionary{ReductTimestamp, LabelUpdate}, CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ArgumentException">The entry name is not allowed.</exception>
    /// <exception cref="ReductException">
    /// The first request failed as a whole (404 when the entry or the bucket does not exist), so nothing was removed;
    /// or <see cref="ReductException.NotSupportedByServer"/>, as for one record.
    /// </exception>
    public virtual async Task<IReadOnlyDictionary<ReductTimestamp, ReductException>> RemoveRecordsAsync(
        string entry, IEnumerable<ReductTimestamp> timestamps, CancellationToken cancellationToken = default)
    {
        ValidateRemovableEntry(entry);
        ArgumentNullException.ThrowIfNull(timestamps);
        ChangeList changes = ChangeList.ForRemovals(entry, timestamps);
        return ByTimestamp(await SendChangesAsync(changes, ApiFeature.RecordRemoval, manyEntries: false, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Removes records of any entries, in as few requests as the server's limits allow: batch protocol v2 on servers
    /// with API 1.18 or newer, one v1 batch per entry before.
    /// </summary>
    /// <param name="records">The records, by entry and timestamp; one named twice is removed once. No attachment entries (<c>$meta</c>).</param>
    /// <param name="cancellationToken">Cancels the remaining requests; records already removed stay removed.</param>
    /// <returns>
    /// Every record that was not removed, by entry and timestamp, with the reason; empty when all were. A missing
    /// entry fails only its own records (404). The server reports the errors of a v2 removal by timestamp alone,
    /// for every record at that time; errors that name another entry or record are left out here, since this record
    /// was removed, but an error without a name (a 500, say) may be reported for records of other entries at the
    /// same time that were removed.
    /// </returns>
    /// <exception cref="ArgumentException">An entry name is not allowed.</exception>
    /// <exception cref="ReductException">
    /// The first request failed as a whole (404 when the bucket does not exist), so nothing was removed; or
    /// <see cref="ReductException.NotSupportedByServer"/> on a server older than API 1.12, or for an entry name with
    /// <c>/</c> before API 1.19 (nothing is sent).
    /// </exception>
    public virtual async Task<IReadOnlyDictionary<RecordKey, ReductException>> RemoveRecordsAsync(
        IEnumerable<RecordKey> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ChangeList changes = ChangeList.ForRemovals(records, nameof(records));
        return await SendChangesAsync(changes, ApiFeature.RecordRemoval, manyEntries: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes, on the server and in one request, the records of an entry in <c>[start, stop)</c> that meet a
    /// condition (every record of the range without one), and returns how many were removed. A missing entry removes
    /// nothing. Needs API 1.13.
    /// </summary>
    /// <param name="entry">Entry name.</param>
    /// <param name="start">The first timestamp, inclusive; null for the entry's first record.</param>
    /// <param name="stop">The timestamp to stop before; null for after the entry's latest record.</param>
    /// <param name="when">The condition records must meet to be removed; null removes the whole range.</param>
    /// <param name="strict">True to fail, removing nothing more, on a record the condition cannot be evaluated on.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of records removed.</returns>
    /// <exception cref="ArgumentException">The entry name is not allowed, or the range is reversed.</exception>
    /// <exception cref="ReductException">
    /// 404 when the bucket does not exist, 422 for a condition the server refuses, 403 without write access, or
    /// <see cref="ReductException.NotSupportedByServer"/> on a server older than API 1.13 (nothing is sent).
    /// </exception>
    public virtual Task<long> RemoveQueryAsync(
        string entry,
        ReductTimestamp? start = null,
        ReductTimestamp? stop = null,
        Condition? when = null,
        bool strict = false,
        CancellationToken cancellationToken = default)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        (ulong first, ulong end) = QueryRange(start, stop);
        return RemovalQuery.RemoveAsync(Pipeline, this, [entry], first, end, when, strict, cancellationToken);
    }

    /// <summary>
    /// Removes, on the server, the records of several entries (names, or <c>prefix*</c> patterns) in
    /// <c>[start, stop)</c> that meet a condition, and returns how many were removed: one request on API 1.18+, one
    /// per matching entry before. Missing entries remove nothing.
    /// </summary>
    /// <param name="entries">Entry names and patterns; at least one.</param>
    /// <param name="start">The first timestamp, inclusive; null for each entry's first record.</param>
    /// <param name="stop">The timestamp to stop before; null for after each entry's latest record.</param>
    /// <param name="when">The condition records must meet to be removed; null removes the whole range.</param>
    /// <param name="strict">True to fail on a record the condition cannot be evaluated on.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <inheritdoc cref="RemoveQueryAsync(string, ReductTimestamp?, ReductTimestamp?, Condition?, bool, CancellationToken)"/>
    public virtual Task<long> RemoveQueryAsync(
        IEnumerable<string> entries,
        ReductTimestamp? start = null,
        ReductTimestamp? stop = null,
        Condition? when = null,
        bool strict = false,
        CancellationToken cancellationToken = default)
    {
        string[] selectors = EntrySelectors(entries);
        (ulong first, ulong end) = QueryRange(start, stop);
        return RemovalQuery.RemoveAsync(Pipeline, this, selectors, first, end, when, strict, cancellationToken);
    }

    /// <summary>
    /// Removes an entry with all its records, its sub-entries (<c>entry/...</c>) and its attachments. The server
    /// finishes the removal in the background: the entry may still be listed right after this call.
    /// </summary>
    /// <param name="entry">Entry name; not an attachment entry (<c>$meta</c>), which goes with its parent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The entry name is not allowed.</exception>
    /// <exception cref="ReductException">
    /// 404 when the bucket or entry does not exist, or another error; <see cref="ReductException.NotSupportedByServer"/>
    /// for an entry name with <c>/</c> on a server older than API 1.19 (nothing is sent).
    /// </exception>
    public virtual Task RemoveEntryAsync(string entry, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        NameRules.RefuseAttachmentEntry(entry, "it is removed together with its parent entry; remove that one", nameof(entry));
        return SingleChangeSender.RemoveEntryAsync(Pipeline, Name, entry, cancellationToken);
    }

    /// <summary>Renames an entry; its sub-entries and attachments move along (<c>a</c> to <c>x</c> makes <c>a/b</c> into <c>x/b</c>).</summary>
    /// <param name="entry">Entry name; not an attachment entry (<c>$meta</c>).</param>
    /// <param name="newName">The new entry name; not an attachment entry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">A name is not allowed.</exception>
    /// <exception cref="ReductException">
    /// 404 when the bucket or entry does not exist, 409 when <paramref name="newName"/> exists, is the old name or
    /// lies under it, or another error; <see cref="ReductException.NotSupportedByServer"/> on a server older than
    /// API 1.12, or for a name with <c>/</c> before API 1.19 (nothing is sent).
    /// </exception>
    public virtual Task RenameEntryAsync(string entry, string newName, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        NameRules.ValidateEntryName(newName, nameof(newName));
        NameRules.RefuseAttachmentEntry(entry, "it moves with its parent entry and is not renamed on its own", nameof(entry));
        NameRules.RefuseAttachmentEntry(newName, "attachment entries are not made by renaming", nameof(newName));
        return SingleChangeSender.RenameEntryAsync(Pipeline, Name, entry, newName, cancellationToken);
    }

    /// <summary>
    /// Renames the bucket, with its entries and records; tokens that named it name the new one. Needs a token with
    /// full access. This handle keeps the old name: use the one returned.
    /// </summary>
    /// <param name="newName">The new bucket name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A handle to the bucket under its new name.</returns>
    /// <exception cref="ArgumentException">The name is not a valid bucket name.</exception>
    /// <exception cref="ReductException">
    /// 404 when the bucket does not exist, 409 when <paramref name="newName"/> exists (also when it is this name) or the
    /// bucket is provisioned, 403 without full access, or another error; <see cref="ReductException.NotSupportedByServer"/>
    /// on a server older than API 1.12 (nothing is sent).
    /// </exception>
    public virtual async Task<Bucket> RenameAsync(string newName, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateBucketName(newName, nameof(newName));
        await SingleChangeSender.RenameBucketAsync(Pipeline, Name, newName, cancellationToken).ConfigureAwait(false);
        return new Bucket(Client, Pipeline, newName);
    }

    private static void ValidateRemovableEntry(string entry)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        NameRules.RefuseAttachmentEntry(entry, ChangeList.RemovalOfAttachments, nameof(entry));
    }

    private async Task<Dictionary<RecordKey, ReductException>> SendChangesAsync(
        ChangeList changes, ApiFeature feature, bool manyEntries, CancellationToken cancellationToken)
    {
        if (changes.Changes.Length == 0)
        {
            return [];
        }

        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, feature, cancellationToken).ConfigureAwait(false);
        await HierarchicalEntryCheck.ThrowIfAnyUnsupportedAsync(Pipeline, changes.Entries, cancellationToken).ConfigureAwait(false);
        return await RecordChangeSender.SendAsync(Pipeline, Name, changes, manyEntries, cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<ReductTimestamp, ReductException> ByTimestamp(Dictionary<RecordKey, ReductException> failures)
    {
        var byTimestamp = new Dictionary<ReductTimestamp, ReductException>(failures.Count);
        foreach (KeyValuePair<RecordKey, ReductException> failure in failures)
        {
            byTimestamp[failure.Key.Timestamp] = failure.Value;
        }

        return byTimestamp;
    }

    /// <summary>Describes the bucket.</summary>
    public override string ToString() => $"Bucket {{ Name = {Name} }}";

    private void ValidateWrite(string entry, RecordWriteOptions? options)
    {
        NameRules.ValidateEntryName(entry, nameof(entry));
        HeaderValueRules.ValidateContentType(options?.ContentType, "options.ContentType");
        LabelHeaderBudget.Validate(options?.Labels, Pipeline.Options.MaxLabelHeaderSize, Pipeline.Options.BatchMaxRecords, "options.Labels");
    }

    /// <summary>The query's options, checked at the call (the enumeration starts later), against this client's timeout too.</summary>
    private QueryOptions CheckedQueryOptions(QueryOptions? options)
    {
        QueryOptions checkedOptions = (options ?? new QueryOptions()).Validated(nameof(options));
        QueryReader.ThrowIfPollOutlastsTimeout(Pipeline, checkedOptions);
        return checkedOptions;
    }

    /// <summary>Checks the entries of a call over many entries: names or <c>prefix*</c> patterns, at least one.</summary>
    private static string[] EntrySelectors(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        string[] selectors = [.. entries];
        if (selectors.Length == 0)
        {
            throw new ArgumentException("Give at least one entry name or pattern ('*' for every entry).", nameof(entries));
        }

        foreach (string selector in selectors)
        {
            EntryPattern.Validate(selector, nameof(entries));
        }

        return selectors;
    }

    /// <summary>
    /// The range a query sends: both bounds always, because a bound left to the server defaults to the entry's first
    /// or latest record, and a start after the latest (or a stop before the first) is then a 422, not an empty result.
    /// </summary>
    private static (ulong Start, ulong Stop) QueryRange(ReductTimestamp? start, ReductTimestamp? stop)
    {
        ulong first = start?.Microseconds ?? 0;
        ulong end = stop?.Microseconds ?? long.MaxValue;
        if (end < first)
        {
            throw new ArgumentException($"The query's stop ({end}) is before its start ({first}).", nameof(stop));
        }

        return (first, end);
    }

    private Task SendWriteAsync(
        string entry, ReductTimestamp timestamp, HttpContent content, long length, RecordWriteOptions? options, bool streamed, CancellationToken cancellationToken) =>
        SingleRecordSender.SendAsync(Pipeline, Name, entry, timestamp, content, length, options, streamed, cancellationToken);

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> AsMemoryChunks(
        IAsyncEnumerable<byte[]> chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (byte[] chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // A null chunk would read as an empty one and hide a producer's bug; the upload is aborted instead.
            yield return chunk ?? throw new InvalidOperationException("The chunk source yielded null; yield an empty array for no bytes.");
        }
    }
}
