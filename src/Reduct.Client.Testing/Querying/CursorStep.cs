namespace Reduct.Client.Testing.Querying;

/// <summary>What a query cursor gave.</summary>
internal enum CursorStep
{
    /// <summary>The next record.</summary>
    Record,

    /// <summary>The query has nothing more and never will (the server's "No content").</summary>
    End,

    /// <summary>A continuous query has nothing new yet.</summary>
    Dry,
}
