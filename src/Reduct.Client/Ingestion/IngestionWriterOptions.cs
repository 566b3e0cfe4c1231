namespace Reduct.Client;

/// <summary>Options of an <see cref="IngestionWriter"/>.</summary>
public sealed class IngestionWriterOptions
{
    /// <summary>
    /// An entry's records are sent once this many are waiting (partial collections of several entries share a
    /// request at the <see cref="FlushInterval"/>). Default 80: one full batch request at the server's default
    /// header limit.
    /// </summary>
    public int FlushRecordCount { get; set; } = 80;

    /// <summary>An entry's records are sent once their bodies reach this many bytes. Default 4 MB.</summary>
    public long FlushBytes { get; set; } = 4_000_000;

    /// <summary>
    /// The longest a record waits in the buffer: an idle writer sends what it holds within this interval,
    /// without a new write arriving. Default 200 ms.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Batch requests the writer keeps in flight at once, each to entries no other request in flight carries
    /// (ReductStore 1.20 and 1.21 cannot take two writes to one entry at once). Default 2: a batch to other
    /// entries is sent while the server answers the previous one; records to one busy entry go one request
    /// after another whatever this is. 1 sends strictly one after another.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 2;

    /// <summary>
    /// Bytes of record bodies the writer may hold that the server has not answered yet, before
    /// <see cref="IngestionWriter"/> writes wait or fail, see <see cref="WhenFull"/>. Default 64 MiB. A single record
    /// may not be larger. Space comes back request by request. Bodies are kept in pooled segments of up to 1 MiB,
    /// so the memory held for them stays near this figure (partly filled segments add at most a segment per
    /// entry being collected).
    /// </summary>
    public long MaxBufferedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Records the writer may hold (buffered and in flight). Default 100,000.</summary>
    public int MaxBufferedRecords { get; set; } = 100_000;

    /// <summary>What a write does when the buffer is full: wait for room (default) or fail at once.</summary>
    public IngestionWriterFullMode WhenFull { get; set; } = IngestionWriterFullMode.Wait;

    /// <summary>
    /// How long <see cref="IngestionWriter.DisposeAsync"/> may spend sending what is buffered; records not
    /// sent by then are reported as failed. Default 30 s.
    /// </summary>
    public TimeSpan DisposeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Called for every record that was not stored, once its request completes: one record at a time, in the order
    /// they failed, on a loop of the writer's own, so a slow handler does not hold up sending (but a flush returns only
    /// after the handler saw the failures it returns). Failures are also returned by <see cref="IngestionWriter.FlushAsync"/>.
    /// The handler must not flush, close or dispose its own writer: those wait for the handler.
    /// </summary>
    public Func<FailedRecord, ValueTask>? OnFailure { get; set; }

    /// <summary>
    /// Keeps accepted records in a spool directory until the server has stored them, so that they survive link loss,
    /// restarts and crashes (store and forward); null (the default) keeps them in memory only. With a spool a write
    /// returns once its record is in the spool; the writer sends what an earlier run left first; a server that is down
    /// or overloaded is not a failure (records wait in the spool, up to its size, and are sent with backoff when it
    /// answers again); and closing the writer leaves what it could not send in the spool for the next writer on the
    /// directory. Records the server refuses for good are reported as without a spool.
    /// </summary>
    public SpoolOptions? Spool { get; set; }

    internal IngestionWriterOptions Validated()
    {
        Spool?.Validated(nameof(Spool));
        if (FlushRecordCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FlushRecordCount), FlushRecordCount, "FlushRecordCount must be at least 1.");
        }

        if (FlushBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FlushBytes), FlushBytes, "FlushBytes must be at least 1.");
        }

        if (FlushInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FlushInterval), FlushInterval, "FlushInterval must be positive.");
        }

        if (MaxBufferedBytes < 1 || MaxBufferedRecords < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBufferedBytes), "MaxBufferedBytes and MaxBufferedRecords must be at least 1.");
        }

        if (MaxConcurrentRequests is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentRequests), MaxConcurrentRequests, "MaxConcurrentRequests must be from 1 to 64.");
        }

        if (DisposeTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DisposeTimeout), DisposeTimeout, "DisposeTimeout must not be negative.");
        }

        return (IngestionWriterOptions)MemberwiseClone();
    }
}
