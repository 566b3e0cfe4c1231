namespace Reduct.Client;

/// <summary>Everything the server reports about one bucket: summary, settings and entries.</summary>
public sealed class FullBucketInfo
{
    /// <summary>The bucket summary.</summary>
    public required BucketInfo Info { get; init; }

    /// <summary>The bucket settings, all filled in.</summary>
    public required BucketSettings Settings { get; init; }

    /// <summary>The entries, sorted by name.</summary>
    public IReadOnlyList<EntryInfo> Entries { get; init; } = [];
}
