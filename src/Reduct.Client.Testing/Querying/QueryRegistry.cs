using System.Collections.Concurrent;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Querying;

/// <summary>
/// The queries of one server. Ids come from one counter for the whole server (v1 queries, v2 queries and their
/// per-entry sub-queries), starting at 1; a v1 id is found only on its own entry, a v2 id only on its bucket's
/// <c>/io/{bucket}/read</c>. Expired queries are dropped when looked up and whenever a query is added.
/// </summary>
internal sealed class QueryRegistry
{
    private readonly ConcurrentDictionary<ulong, RegisteredQuery> _queries = new();
    private readonly TimeProvider _clock;
    private long _lastId;

    public QueryRegistry(TimeProvider clock)
    {
        _clock = clock;
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    public ulong AllocateId() => (ulong)Interlocked.Increment(ref _lastId);

    public void Add(RegisteredQuery query)
    {
        var now = Now;
        foreach (var (id, existing) in _queries)
        {
            if (existing.IsExpired(now))
            {
                _queries.TryRemove(id, out _);
            }
        }

        _queries[query.Id] = query;
    }

    /// <exception cref="ReductErrorException">404 when there is no such query for the entry, or it expired.</exception>
    public EntryQuery FindEntryQuery(ulong id, string bucket, string entry) =>
        Touch(Live(id) is EntryQuery query && query.Bucket == bucket && query.Entry == entry ? query : throw NotFound(id));

    /// <exception cref="ReductErrorException">404 when there is no such query for the bucket, or it expired.</exception>
    public BucketQuery FindBucketQuery(ulong id, string bucket) =>
        Touch(Live(id) is BucketQuery query && query.Bucket == bucket ? query : throw NotFound(id));

    /// <summary>Drops the query if it has expired (a read that waited may outlive it); returns whether it is still there.</summary>
    public bool IsAlive(RegisteredQuery query)
    {
        if (query.IsExpired(Now))
        {
            _queries.TryRemove(query.Id, out _);
            return false;
        }

        return _queries.ContainsKey(query.Id);
    }

    public static ReductErrorException NotFound(ulong id) =>
        ReductErrorException.NotFound($"Query {id} not found and it might have expired. Check TTL in your query request.");

    /// <summary>The query with the id, or null when there is none or it has expired (it is then dropped).</summary>
    private RegisteredQuery? Live(ulong id)
    {
        if (!_queries.TryGetValue(id, out var query))
        {
            return null;
        }

        if (query.IsExpired(Now))
        {
            _queries.TryRemove(id, out _);
            return null;
        }

        return query;
    }

    private T Touch<T>(T query)
        where T : RegisteredQuery
    {
        query.LastAccess = Now;
        return query;
    }
}
