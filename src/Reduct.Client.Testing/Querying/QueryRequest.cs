using System.Text.Json;

namespace Reduct.Client.Testing.Querying;

/// <summary>
/// A query as the client asked for it (the JSON <c>QueryEntry</c>, or the legacy query string), before defaults are
/// applied. Null means "not given".
/// </summary>
internal sealed class QueryRequest
{
    public QueryType Type { get; init; }

    /// <summary><c>entries</c>: the entry selection of a v2 query; ignored on per-entry URLs.</summary>
    public IReadOnlyList<string>? Entries { get; init; }

    /// <summary>Inclusive.</summary>
    public ulong? Start { get; init; }

    /// <summary>Exclusive.</summary>
    public ulong? Stop { get; init; }

    public IReadOnlyDictionary<string, string>? Include { get; init; }

    public IReadOnlyDictionary<string, string>? Exclude { get; init; }

    public double? EachS { get; init; }

    public ulong? EachN { get; init; }

    public ulong? Limit { get; init; }

    /// <summary>Idle lifetime in seconds (default 60).</summary>
    public ulong? Ttl { get; init; }

    public bool? OnlyMetadata { get; init; }

    public bool? Continuous { get; init; }

    /// <summary>The condition; a JSON <c>null</c> counts as no condition.</summary>
    public JsonElement? When { get; init; }

    public bool? Strict { get; init; }

    public JsonElement? Ext { get; init; }

    /// <summary>Whether no field but <c>query_type</c> was given, which a removal query refuses.</summary>
    public bool IsEmpty =>
        Entries is null && Start is null && Stop is null && Include is null && Exclude is null && EachS is null
        && EachN is null && Limit is null && Ttl is null && OnlyMetadata is null && Continuous is null && When is null
        && Strict is null && Ext is null;
}
