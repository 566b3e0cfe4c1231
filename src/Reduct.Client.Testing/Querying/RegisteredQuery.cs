namespace Reduct.Client.Testing.Querying;

/// <summary>
/// A query the server keeps between batched reads: its id, settings and idle clock. Reads of one query take turns
/// (<see cref="Gate"/>). The id is not reusable: after its TTL of idleness the query is gone.
/// </summary>
internal abstract class RegisteredQuery
{
    protected RegisteredQuery(ulong id, string bucket, QuerySettings settings, DateTimeOffset now)
    {
        Id = id;
        Bucket = bucket;
        Settings = settings;
        LastAccess = now;
    }

    public ulong Id { get; }

    public string Bucket { get; }

    public QuerySettings Settings { get; }

    /// <summary>Touched by every read; the query expires after <see cref="QuerySettings.Ttl"/> without one.</summary>
    public DateTimeOffset LastAccess { get; set; }

    /// <summary>Lets one read of the query run at a time.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>
    /// Set once a read has reported the end (a 204 or <c>x-reduct-last: true</c>): later batched reads answer 204,
    /// a later single-record read 400 (the server's producer has closed the channel).
    /// </summary>
    public bool EndDelivered { get; set; }

    /// <summary>A TTL of 0 expires before the first read.</summary>
    public bool IsExpired(DateTimeOffset now) => Settings.Ttl == TimeSpan.Zero || now - LastAccess > Settings.Ttl;

    /// <summary>The next record of the query.</summary>
    /// <exception cref="Http.ReductErrorException">An entry is gone, or a strict condition failed.</exception>
    public abstract CursorStep Next(out QueryRecord? record);
}
