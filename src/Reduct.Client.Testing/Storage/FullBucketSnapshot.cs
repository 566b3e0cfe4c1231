namespace Reduct.Client.Testing.Storage;

/// <summary>FullBucketInfo: info, settings and entries sorted by name.</summary>
internal sealed record FullBucketSnapshot(BucketInfoSnapshot Info, BucketSettings Settings, IReadOnlyList<EntryInfoSnapshot> Entries);
