using Reduct.Client.Testing.Conditions;

namespace Reduct.Client.Testing.Querying;

/// <summary>
/// The record filters of one entry's query, in the server's order: hidden <c>$meta</c> tombstones, the legacy
/// <c>include</c>, <c>exclude</c>, <c>each_s</c> and <c>each_n</c>, the <c>when</c> condition, then the legacy
/// <c>limit</c>. Stateful: one instance per entry and query.
/// </summary>
internal sealed class EntryFilters
{
    private readonly IReadOnlyDictionary<string, string>? _include;
    private readonly IReadOnlyDictionary<string, string>? _exclude;
    private readonly double? _eachS;
    private readonly ulong? _eachN;
    private readonly ulong? _limit;
    private readonly Condition? _condition;
    private readonly bool _strict;
    private readonly bool _hideTombstones;
    private ulong? _lastEachS;
    private ulong _eachNCount;
    private ulong _kept;

    public EntryFilters(QueryRequest request, Condition? condition, bool isMetaEntry, bool withLegacyFilters)
    {
        if (withLegacyFilters)
        {
            _include = request.Include is { Count: > 0 } include ? include : null;
            _exclude = request.Exclude is { Count: > 0 } exclude ? exclude : null;
            _eachS = request.EachS;
            _eachN = request.EachN;
            _limit = request.Limit;
        }

        _condition = condition;
        _strict = request.Strict ?? false;

        // Attachments removed by a `remove=true` label stay stored but are hidden, unless the query asks about `remove`.
        _hideTombstones = isMetaEntry && !(request.Include?.ContainsKey("remove") ?? false);
    }

    /// <summary>The legacy <c>limit</c> makes a query non-continuous.</summary>
    public bool HasLimit => _limit is not null;

    /// <summary>Judges the next record of the entry.</summary>
    /// <exception cref="Http.ReductErrorException">A strict condition failed to evaluate.</exception>
    public FilterVerdict Apply(StoredRecord record)
    {
        if (_limit is { } limit && _kept >= limit)
        {
            return FilterVerdict.Stop;
        }

        var labels = record.Labels;
        if ((_hideTombstones && labels.TryGetValue("remove", out var remove) && remove == "true")
            || (_include is not null && !HasAll(labels, _include))
            || (_exclude is not null && HasAll(labels, _exclude))
            || !PassesEachS(record.Timestamp)
            || !PassesEachN())
        {
            return FilterVerdict.Skip;
        }

        switch (_condition?.Matches(record.Timestamp, labels, _strict))
        {
            case null when _condition is not null:
                return FilterVerdict.Stop;
            case false:
                return FilterVerdict.Skip;
        }

        _kept++;
        return _limit is { } max && _kept >= max ? FilterVerdict.KeepLast : FilterVerdict.Keep;
    }

    private static bool HasAll(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> pairs)
    {
        foreach (var (name, value) in pairs)
        {
            if (!labels.TryGetValue(name, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Legacy <c>each_s</c>: the first record, then one at least S seconds after the last kept one.</summary>
    private bool PassesEachS(ulong timestamp)
    {
        if (_eachS is not { } seconds)
        {
            return true;
        }

        if (_lastEachS is { } last && timestamp - last < seconds * 1_000_000.0)
        {
            return false;
        }

        _lastEachS = timestamp;
        return true;
    }

    /// <summary>Legacy <c>each_n</c>: records 1, N+1, 2N+1, ... of those that reach it.</summary>
    private bool PassesEachN()
    {
        if (_eachN is not { } n)
        {
            return true;
        }

        return _eachNCount++ % n == 0;
    }
}
