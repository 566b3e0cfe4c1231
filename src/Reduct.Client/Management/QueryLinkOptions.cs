namespace Reduct.Client;

/// <summary>
/// The query behind a shareable link to a record, and the link's lifetime and form
/// (<see cref="Bucket.CreateQueryLinkAsync(string, ReductTimestamp, QueryLinkOptions?, CancellationToken)"/>).
/// </summary>
/// <remarks>
/// The link answers its record only while the record is in the query's result: within
/// [<see cref="Start"/>, <see cref="Stop"/>) and meeting <see cref="When"/>. From ReductStore 1.19.2 whoever holds
/// the link may also fetch other records of the same result, by adding <c>e=&lt;entry&gt;&amp;ts=&lt;timestamp&gt;</c>
/// to it; older servers name the record by its position in the result, so there the client narrows the query to the
/// record's own timestamp and the link gives that record alone.
/// </remarks>
public sealed class QueryLinkOptions
{
    /// <summary>The query's first timestamp, inclusive; null for the record's own timestamp.</summary>
    public ReductTimestamp? Start { get; init; }

    /// <summary>The timestamp the query stops before; null for just after the record.</summary>
    public ReductTimestamp? Stop { get; init; }

    /// <summary>A condition the record must meet; null for none.</summary>
    public Condition? When { get; init; }

    /// <summary>True to make the download fail on a record the condition cannot be evaluated on.</summary>
    public bool Strict { get; init; }

    /// <summary>When the link stops working (whole seconds); null for 24 hours from now.</summary>
    public DateTimeOffset? ExpireAt { get; init; }

    /// <summary>
    /// The file name the link ends in, which browsers use for the download; null for
    /// <c>&lt;last entry segment&gt;_&lt;timestamp&gt;.bin</c>. Must not contain <c>/</c> or control characters.
    /// </summary>
    public string? FileName { get; init; }

    /// <summary>
    /// The server URL the link starts with, for a server reached at another address than the client's (behind a
    /// proxy); null for the server's own public URL. Needs ReductStore 1.17.3 or newer.
    /// </summary>
    public Uri? BaseUrl { get; init; }
}
