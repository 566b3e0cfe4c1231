using System.Globalization;

namespace Reduct.Client;

/// <summary>
/// Settings of a replication task: records written to <see cref="SourceBucket"/> after the task exists are sent to
/// <see cref="DestinationBucket"/> on the server at <see cref="DestinationHost"/>, those of the selected entries that
/// meet <see cref="When"/>.
/// </summary>
/// <remarks>
/// Creating or updating a task sends every setting: an update replaces them all (what is left null takes the server's
/// default), except <see cref="DestinationToken"/>, which the server keeps when none is given. The settings a server
/// returns never carry the destination token. <see cref="ToString"/> never shows it.
/// </remarks>
public sealed class ReplicationSettings
{
    /// <summary>The bucket on this server whose new records are replicated.</summary>
    public string SourceBucket { get; set; } = string.Empty;

    /// <summary>The bucket on the destination server the records go to; it must exist there.</summary>
    public string DestinationBucket { get; set; } = string.Empty;

    /// <summary>The destination server's URL, for example <c>https://central.example.com:8383</c>.</summary>
    public string DestinationHost { get; set; } = string.Empty;

    /// <summary>
    /// The API token the task uses at the destination (write access to <see cref="DestinationBucket"/>); null for a
    /// destination without authentication, or to keep the current token on an update. Write-only: the server never
    /// returns it.
    /// </summary>
    public string? DestinationToken { get; set; }

    /// <summary>
    /// The entries to replicate; an item ending in <c>*</c> selects every entry whose name starts with the text
    /// before it. Empty (the default) for all entries.
    /// </summary>
    public IReadOnlyList<string> Entries { get; set; } = [];

    /// <summary>The condition a record must meet to be replicated, as in a query; null for every record.</summary>
    /// <remarks>
    /// Build it with <see cref="Condition"/> or give JSON text with <see cref="Condition.FromJson(string)"/>. A record
    /// whose labels the condition cannot be evaluated on is not replicated.
    /// </remarks>
    public Condition? When { get; set; }

    /// <summary>The mode the task starts in; null for the server's default, <see cref="ReplicationMode.Enabled"/>. Needs API 1.18.</summary>
    public ReplicationMode? Mode { get; set; }

    /// <summary>Text put in front of every entry name at the destination; null for none. Needs API 1.21.</summary>
    public string? DestinationPrefix { get; set; }

    /// <summary>How the task compresses what it sends; null for the server's default (none). Needs API 1.21.</summary>
    public ReplicationCompression? Compression { get; set; }

    /// <summary>Legacy filter: only records with all these labels are replicated. Servers before API 1.21.</summary>
    [Obsolete("Deprecated by ReductStore and removed in API 1.21: use When, for example Condition.Label(\"name\").Equal(\"value\").")]
    public IReadOnlyDictionary<string, string>? Include { get; set; }

    /// <summary>Legacy filter: records with all these labels are not replicated. Servers before API 1.21.</summary>
    [Obsolete("Deprecated by ReductStore and removed in API 1.21: use When, for example !Condition.Label(\"name\").Equal(\"value\").")]
    public IReadOnlyDictionary<string, string>? Exclude { get; set; }

    /// <summary>Legacy filter: every N-th record of an entry is replicated. Servers before API 1.21.</summary>
    [Obsolete("Deprecated by ReductStore and removed in API 1.21: use When with Condition.EachN.")]
    public ulong? EachN { get; set; }

    /// <summary>Legacy filter: one record of an entry every S seconds is replicated. Servers before API 1.21.</summary>
    [Obsolete("Deprecated by ReductStore and removed in API 1.21: use When with Condition.EachT.")]
    public double? EachS { get; set; }

    /// <summary>Describes the settings; the destination token shows as <c>***</c>, never as its value.</summary>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"ReplicationSettings {{ SourceBucket = {SourceBucket}, DestinationBucket = {DestinationBucket}, DestinationHost = {DestinationHost}, DestinationToken = {(DestinationToken is null ? "null" : "***")}, Entries = [{string.Join(", ", Entries)}]");
        if (When is not null)
        {
            text += ", When = " + When.Json;
        }

        if (Mode is { } mode)
        {
            text += ", Mode = " + mode;
        }

        if (DestinationPrefix is not null)
        {
            text += ", DestinationPrefix = " + DestinationPrefix;
        }

        if (Compression is { } compression)
        {
            text += ", Compression = " + compression;
        }

        return text + " }";
    }

#pragma warning disable CS0618 // The legacy filters are read and written here, for the servers that still have them.
    /// <summary>True when a legacy filter is set.</summary>
    internal bool HasLegacyFilters => Include is { Count: > 0 } || Exclude is { Count: > 0 } || EachN is not null || EachS is not null;
#pragma warning restore CS0618
}
