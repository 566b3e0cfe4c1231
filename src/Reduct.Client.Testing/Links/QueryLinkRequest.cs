namespace Reduct.Client.Testing.Links;

/// <summary>
/// What a query link holds: the body of its creation, kept (sealed) in the link itself. The record is named by entry
/// and timestamp from 1.19.2, by its position in the query result (<see cref="Index"/>) before.
/// </summary>
/// <param name="Bucket">The bucket the query runs on.</param>
/// <param name="Entry">The entry of the query when its <c>entries</c> name none.</param>
/// <param name="RecordEntry">The entry of the record to answer with (1.19.2+).</param>
/// <param name="RecordTimestamp">The timestamp of the record to answer with (1.19.2+).</param>
/// <param name="Index">The position of the record in the query result (before 1.19.2).</param>
/// <param name="ExpireAt">Unix seconds after which the link answers 422.</param>
/// <param name="BaseUrl">The base of the link instead of the server's own URL, with a trailing <c>/</c>.</param>
/// <param name="Query">The <c>QueryEntry</c> JSON as it was sent.</param>
internal sealed record QueryLinkRequest(
    string Bucket,
    string Entry,
    string? RecordEntry,
    ulong? RecordTimestamp,
    ulong? Index,
    long ExpireAt,
    string? BaseUrl,
    byte[] Query);
