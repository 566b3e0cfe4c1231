namespace Reduct.Client.Harness;

/// <summary>Where a reference server of the harness keeps what it is sent.</summary>
internal enum ServerStorage
{
    /// <summary>Parse every request fully but keep only record metadata, to isolate the client (no reads).</summary>
    DiscardBodies,

    /// <summary>Bodies in the server process's memory.</summary>
    Memory,

    /// <summary>Bodies in files of a temporary folder: for a record too large to keep in memory.</summary>
    Folder,
}
