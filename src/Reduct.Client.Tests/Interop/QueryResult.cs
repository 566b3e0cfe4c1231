namespace Reduct.Client.Tests.Interop;

/// <summary>What one run of a query gave, with Reduct.Client or as reduct-js reported it: the records in arrival order and the error it ended with.</summary>
public sealed class QueryResult
{
    /// <summary>The query's name.</summary>
    public required string Name { get; init; }

    /// <summary>The records, in the order they arrived.</summary>
    public IReadOnlyList<QueriedRecord> Records { get; init; } = [];

    /// <summary>The error the query ended with, or null.</summary>
    public InteropQueryError? Error { get; init; }

    /// <summary>Whether a continuous query stopped delivering before every expected record had arrived.</summary>
    public bool TimedOut { get; init; }
}
