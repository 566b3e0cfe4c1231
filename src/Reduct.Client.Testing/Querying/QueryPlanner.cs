using System.Text.Json;
using Reduct.Client.Testing.Conditions;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Querying;

/// <summary>
/// Turns a <see cref="QueryRequest"/> into cursors with the server's defaults and checks: the range defaults to the
/// entry's records (<c>[oldest, latest + 1)</c>), a historical range with start after stop is 422, the condition is
/// parsed (422), and extensions are refused since the reference server has none. Queries are registered; removal
/// queries run at once.
/// </summary>
internal sealed class QueryPlanner
{
    private const ulong DefaultTtlSeconds = 60;

    private readonly ServerContext _server;

    public QueryPlanner(ServerContext server)
    {
        _server = server;
    }

    /// <summary>The legacy filter fields (<c>include</c>, <c>exclude</c>, <c>each_n</c>, <c>each_s</c>, <c>limit</c>) exist up to 1.20; 1.21 ignores them.</summary>
    private bool WithLegacyFilters => !_server.Version.IsAtLeast(1, 21);

    /// <summary>Creates and registers a v1 query on one entry.</summary>
    /// <exception cref="ReductErrorException">404 bucket or entry, 422 request.</exception>
    public EntryQuery CreateEntryQuery(QueryRequest request, string bucket, string entry)
    {
        var cursor = CreateCursor(request, bucket, entry, forRemoval: false);
        var directives = ParseCondition(request)?.Directives ?? ConditionDirectives.None;
        var id = _server.Queries.AllocateId();
        RefuseExtensions(request, directives, id);
        var query = new EntryQuery(id, cursor, Settings(request, directives, cursor.IsContinuous), _server.Queries.Now);
        _server.Queries.Add(query);
        return query;
    }

    /// <summary>Creates and registers a v2 query over the selected entries of a bucket, one sub-query per entry.</summary>
    /// <exception cref="ReductErrorException">404 bucket, 422 request (also when one entry's range is invalid).</exception>
    public BucketQuery CreateBucketQuery(QueryRequest request, string bucket)
    {
        var entries = EntrySelection.Select(_server.Engine.ListEntryNames(bucket), request.Entries, _server.Version, includeMetaByName: true);
        var directives = ParseCondition(request)?.Directives ?? ConditionDirectives.None;
        var id = _server.Queries.AllocateId();
        var cursors = new List<EntryCursor>(entries.Count);
        var firstSubQuery = 0UL;
        foreach (var entry in entries)
        {
            cursors.Add(CreateCursor(request, bucket, entry, forRemoval: false));
            var subQuery = _server.Queries.AllocateId();
            firstSubQuery = firstSubQuery == 0 ? subQuery : firstSubQuery;
        }

        var settings = Settings(request, directives, (request.Continuous ?? false) && !(WithLegacyFilters && request.Limit is not null));
        if (settings.Ttl == TimeSpan.Zero && firstSubQuery != 0)
        {
            // The sub-queries are gone before the bucket query is assembled.
            throw QueryRegistry.NotFound(firstSubQuery);
        }

        RefuseExtensions(request, directives, id);
        var query = new BucketQuery(id, bucket, cursors, settings, _server.Queries.Now);
        _server.Queries.Add(query);
        return query;
    }

    /// <summary>
    /// Cursors for a query link's download, not registered (the link runs its query on every download): from 1.19.2 over
    /// the query's <c>entries</c>, or the link's entry when it names none, as a v2 query; before, over the link's entry.
    /// </summary>
    /// <exception cref="ReductErrorException">404 bucket or entry, 422 request.</exception>
    public List<EntryCursor> CreateLinkCursors(QueryRequest request, string bucket, string entry, bool overEntries)
    {
        var selected = overEntries
            ? EntrySelection.Select(_server.Engine.ListEntryNames(bucket), request.Entries is { Count: > 0 } entries ? entries : [entry], _server.Version, includeMetaByName: true)
            : [entry];
        return selected.Select(name => CreateCursor(request, bucket, name, forRemoval: false)).ToList();
    }

    /// <summary>Removes the records of one entry that the query selects; a missing entry is created first, as on the server.</summary>
    /// <exception cref="ReductErrorException">404 bucket, 422 request or entry name, or a strict condition's error.</exception>
    public ulong RemoveFromEntry(QueryRequest request, string bucket, string entry)
    {
        _server.Engine.EnsureEntry(bucket, entry, _server.Version.HasHierarchicalEntries);
        return Remove(CreateCursor(request, bucket, entry, forRemoval: true));
    }

    /// <summary>Removes the selected records of the selected entries (never <c>$meta</c> ones); missing entries are skipped.</summary>
    public ulong RemoveFromBucket(QueryRequest request, string bucket)
    {
        var entries = EntrySelection.Select(_server.Engine.ListEntryNames(bucket), request.Entries, _server.Version, includeMetaByName: false);
        var cursors = entries.Select(entry => CreateCursor(request, bucket, entry, forRemoval: true)).ToList();
        ulong removed = 0;
        foreach (var cursor in cursors)
        {
            removed += Remove(cursor);
        }

        return removed;
    }

    /// <summary>Counts what <see cref="RemoveFromBucket"/> would remove, removing nothing (a lifecycle policy's dry run).</summary>
    public ulong CountInBucket(QueryRequest request, string bucket)
    {
        var entries = EntrySelection.Select(_server.Engine.ListEntryNames(bucket), request.Entries, _server.Version, includeMetaByName: false);
        ulong count = 0;
        foreach (var cursor in entries.Select(entry => CreateCursor(request, bucket, entry, forRemoval: true)).ToList())
        {
            while (cursor.Next(out _) == CursorStep.Record)
            {
                count++;
            }
        }

        return count;
    }

    private ulong Remove(EntryCursor cursor)
    {
        var doomed = new List<ulong>();
        while (cursor.Next(out var record) == CursorStep.Record)
        {
            doomed.Add(record!.Timestamp);
        }

        ulong removed = 0;
        foreach (var timestamp in doomed)
        {
            try
            {
                _server.Engine.RemoveRecord(cursor.Bucket, cursor.Entry, timestamp);
                removed++;
            }
            catch (ReductErrorException exception) when (exception.Status == StatusCodes.Status404NotFound)
            {
                // Removed meanwhile by someone else.
            }
        }

        return removed;
    }

    private EntryCursor CreateCursor(QueryRequest request, string bucket, string entry, bool forRemoval)
    {
        var (oldest, latest) = _server.Engine.GetEntryRange(bucket, entry);
        if (WithLegacyFilters)
        {
            // On the real 1.20 server these values crash the process; here they are refused.
            if (request.EachN == 0)
            {
                throw ReductErrorException.UnprocessableEntity("'each_n' must be greater than 0");
            }

            if (request.EachS <= 0)
            {
                throw ReductErrorException.UnprocessableEntity("Time must be greater than 0 seconds");
            }
        }

        var condition = ParseCondition(request);
        var continuous = !forRemoval && (request.Continuous ?? false) && !(WithLegacyFilters && request.Limit is not null);
        var start = request.Start ?? oldest;
        var stop = request.Stop ?? (latest == ulong.MaxValue ? latest : latest + 1);
        if (!continuous && start > stop)
        {
            throw ReductErrorException.UnprocessableEntity("Start time must be before stop time");
        }

        var filters = new EntryFilters(request, condition, EntryNameRules.IsMetaEntry(entry), WithLegacyFilters);
        return new EntryCursor(_server.Engine, bucket, entry, start, continuous ? null : stop, filters, condition?.Directives.SelectLabels);
    }

    /// <summary>A fresh copy of the request's condition (stateful operators start over), or null without one.</summary>
    private Condition? ParseCondition(QueryRequest request) =>
        request.When is { } when ? Condition.Parse(when, _server.Version) : null;

    private QuerySettings Settings(QueryRequest request, ConditionDirectives directives, bool continuous) => new(
        TimeSpan.FromSeconds(Math.Min(request.Ttl ?? DefaultTtlSeconds, (ulong)TimeSpan.MaxValue.TotalSeconds / 2)),
        continuous,
        request.OnlyMetadata ?? false,
        BatchLimits.Create(_server.Options, directives));

    /// <summary>The reference server has no extensions: any asked for in <c>ext</c> or <c>#ext</c> is unknown.</summary>
    private static void RefuseExtensions(QueryRequest request, ConditionDirectives directives, ulong id)
    {
        string? name = directives.Extensions.FirstOrDefault();
        if (request.Ext is { } ext)
        {
            name = ext.ValueKind == JsonValueKind.Object
                ? ext.EnumerateObject().Select(p => p.Name).FirstOrDefault() ?? name
                : throw ConditionSyntax.NotImplemented("An 'ext' value other than an object");
        }

        if (name is not null)
        {
            throw ReductErrorException.UnprocessableEntity($"Unknown extension '{name}' in query id={id}");
        }
    }
}
