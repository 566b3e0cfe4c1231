namespace Reduct.Client.Testing.Storage;

/// <summary>What a bucket does when its quota is reached.</summary>
internal enum QuotaType
{
    /// <summary>No quota.</summary>
    None,

    /// <summary>Oldest records are removed to make room.</summary>
    Fifo,

    /// <summary>Writes beyond the quota fail.</summary>
    Hard,
}
