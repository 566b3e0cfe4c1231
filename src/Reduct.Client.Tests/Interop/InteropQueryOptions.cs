using System.Text.Json;

namespace Reduct.Client.Tests.Interop;

/// <summary>A query's options, named as reduct-js names them (its <c>QueryOptions</c>), so the script passes them on as they are.</summary>
public sealed class InteropQueryOptions
{
    /// <summary>The condition, as JSON; its member order is kept, since the server evaluates members in order.</summary>
    public JsonElement? When { get; init; }

    /// <summary>A record the condition cannot be evaluated on fails the query.</summary>
    public bool Strict { get; init; }

    /// <summary>Metadata only (reduct-js <c>head</c>, Reduct.Client <see cref="QueryOptions.MetadataOnly"/>).</summary>
    public bool Head { get; init; }

    /// <summary>The query waits for records written later.</summary>
    public bool Continuous { get; init; }

    /// <summary>The query's TTL in seconds.</summary>
    public double? Ttl { get; init; }

    /// <summary>How long a continuous query waits after a read found nothing, in seconds.</summary>
    public double? PollInterval { get; init; }

    /// <summary>The same options for Reduct.Client.</summary>
    public QueryOptions ToQueryOptions() => new()
    {
        When = When is { } when ? Condition.FromJson(when.GetRawText()) : null,
        Strict = Strict,
        MetadataOnly = Head,
        Continuous = Continuous,
        Ttl = Ttl is { } ttl ? TimeSpan.FromSeconds(ttl) : null,
        PollInterval = PollInterval is { } interval ? TimeSpan.FromSeconds(interval) : new QueryOptions().PollInterval,
    };
}
