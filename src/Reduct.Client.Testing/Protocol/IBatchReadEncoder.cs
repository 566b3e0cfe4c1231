using Reduct.Client.Testing.Querying;

namespace Reduct.Client.Testing.Protocol;

/// <summary>Builds the record headers of a batched read (v1 or v2) as records are collected.</summary>
internal interface IBatchReadEncoder
{
    int Count { get; }

    /// <summary>Sum of the record lengths.</summary>
    long BodyBytes { get; }

    /// <summary>Adds a record; returns the record-header bytes the batch has now, measured as the server measures them.</summary>
    long Add(QueryRecord record);

    /// <summary>The headers of the response, and its records in body order.</summary>
    (IReadOnlyList<KeyValuePair<string, string>> Headers, IReadOnlyList<QueryRecord> Body) Finish();
}
