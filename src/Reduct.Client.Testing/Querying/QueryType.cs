namespace Reduct.Client.Testing.Querying;

/// <summary><c>query_type</c> of a query request.</summary>
internal enum QueryType
{
    /// <summary><c>QUERY</c>: a cursor read in batches.</summary>
    Query,

    /// <summary><c>REMOVE</c>: removes the matching records at once.</summary>
    Remove,
}
