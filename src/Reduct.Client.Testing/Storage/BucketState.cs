namespace Reduct.Client.Testing.Storage;

/// <summary>A bucket: settings and entries, keyed by name.</summary>
internal sealed class BucketState
{
    public BucketState(string name, BucketSettings settings)
    {
        Name = name;
        Settings = settings;
    }

    /// <summary>Changes only with a rename, under the engine's lock.</summary>
    public string Name { get; set; }

    public BucketSettings Settings { get; set; }

    /// <summary>Configured at start-up: its settings cannot change and it cannot be removed or renamed through the API.</summary>
    public bool IsProvisioned { get; set; }

    public SortedDictionary<string, EntryState> Entries { get; } = new(StringComparer.Ordinal);

    public ulong Size
    {
        get
        {
            ulong size = 0;
            foreach (var entry in Entries.Values)
            {
                size += entry.Size;
            }

            return size;
        }
    }
}
