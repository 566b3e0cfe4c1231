using System.Text.Json;

namespace Reduct.Client.Testing.Replication;

/// <summary>The settings of one replication task, as its create or update body gave them (defaults filled in).</summary>
internal sealed record ReplicationSettings
{
    public required string SourceBucket { get; init; }

    public required string DestinationBucket { get; init; }

    public required string DestinationHost { get; init; }

    /// <summary>Never written back: the API reads it as <c>null</c>.</summary>
    public string? DestinationToken { get; init; }

    /// <summary>Entry names; an item with <c>*</c> matches every entry that starts with the text before it. Empty for all.</summary>
    public IReadOnlyList<string> Entries { get; init; } = Array.Empty<string>();

    /// <summary>Legacy label filter (up to 1.20): all must match.</summary>
    public IReadOnlyDictionary<string, string> Include { get; init; } = new Dictionary<string, string>();

    /// <summary>Legacy label filter (up to 1.20): a record with all of them is left out.</summary>
    public IReadOnlyDictionary<string, string> Exclude { get; init; } = new Dictionary<string, string>();

    public ulong? EachN { get; init; }

    public double? EachS { get; init; }

    /// <summary>The <c>when</c> condition as it was given (a detached clone), or null.</summary>
    public JsonElement? When { get; init; }

    public ReplicationMode Mode { get; init; } = ReplicationMode.Enabled;

    /// <summary>Prepended to every entry name at the destination (1.21).</summary>
    public string DestinationPrefix { get; init; } = string.Empty;
}

/// <summary>What a replication task does with new records.</summary>
internal enum ReplicationMode
{
    /// <summary>Records are queued and sent.</summary>
    Enabled,

    /// <summary>Records are queued and kept until the task is enabled again.</summary>
    Paused,

    /// <summary>New records are dropped; nothing is sent.</summary>
    Disabled,
}
