using System.Globalization;
using System.Net;

namespace Reduct.Client.Protocol;

/// <summary>
/// The meaning of an error answer (spec §1.6): the status with the <c>x-reduct-error</c> text, the one error that
/// says a record is stored after all, and the "not found" errors that name the entry or record they are about.
/// </summary>
internal static class ServerErrors
{
    /// <summary>The header of an error answer that carries the server's message.</summary>
    public const string ErrorHeader = "x-reduct-error";

    /// <summary>The error of an answer: its <c>x-reduct-error</c> text, or its status line when it has none.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="reasonPhrase">The status line's reason phrase, if any.</param>
    /// <param name="errorValues">The values of <c>x-reduct-error</c>, or null.</param>
    /// <param name="redirectTarget">Where a 3xx answer points, without its query; null for none.</param>
    public static ReductException From(int status, string? reasonPhrase, IEnumerable<string>? errorValues, string? redirectTarget)
    {
        string message = errorValues is not null
            ? string.Join(", ", errorValues)
            : $"{status} {reasonPhrase ?? ((HttpStatusCode)status).ToString()}";
        if (status is >= 300 and < 400 && redirectTarget is not null)
        {
            // Redirects are not followed, so that the token never travels to another address.
            message += $" (the server redirects to {redirectTarget}; use that address as the client's URL)";
        }

        return new ReductException(status, message);
    }

    /// <summary>
    /// True for <c>409 ... already exists</c>: a record with this entry and timestamp is stored. After an attempt
    /// that broke off mid-request, it means that attempt stored the record (spec §9).
    /// </summary>
    public static bool IsAlreadyExists(ReductException error) =>
        error.Status == (int)HttpStatusCode.Conflict && error.ServerMessage.Contains("already exists", StringComparison.Ordinal);

    /// <summary>
    /// True for <c>500 Failed to acquire async write (or read) lock within timeout</c>: ReductStore 1.20 and 1.21 gave
    /// up waiting for an entry another request held. The entry may be free later; the record was not stored.
    /// </summary>
    public static bool IsLockTimeout(ReductException error) =>
        error.Status == (int)HttpStatusCode.InternalServerError && error.ServerMessage.Contains("lock within timeout", StringComparison.Ordinal);

    /// <summary>True for <c>404 Record &lt;ts&gt; not found in entry &lt;bucket&gt;/&lt;entry&gt;</c> about this record.</summary>
    public static bool IsRecordNotFound(ReductException error, string bucket, RecordKey record) =>
        error.Status == (int)HttpStatusCode.NotFound && error.ServerMessage == RecordNotFoundText(bucket, record);

    /// <summary>True for <c>404 Entry '&lt;entry&gt;' not found in bucket '&lt;bucket&gt;'</c> about this entry.</summary>
    public static bool IsEntryNotFound(ReductException error, string bucket, string entry) =>
        error.Status == (int)HttpStatusCode.NotFound && error.ServerMessage == $"Entry '{entry}' not found in bucket '{bucket}'";

    /// <summary>
    /// True for a "not found" error that names another record than <paramref name="record"/>: a v2 removal reports
    /// the errors of one timestamp for every record of the request at that time (spec §5.3), so a record removed as
    /// asked may come back with the error of a missing record, or a missing entry, elsewhere.
    /// </summary>
    public static bool IsAboutAnotherRecord(ReductException error, string bucket, RecordKey record)
    {
        if (error.Status != (int)HttpStatusCode.NotFound)
        {
            return false;
        }

        string message = error.ServerMessage;
        bool namesAnEntry = message.StartsWith("Entry '", StringComparison.Ordinal) && message.EndsWith($"' not found in bucket '{bucket}'", StringComparison.Ordinal);
        bool namesARecord = message.StartsWith("Record ", StringComparison.Ordinal) && message.Contains($" not found in entry {bucket}/", StringComparison.Ordinal);
        return (namesAnEntry && !IsEntryNotFound(error, bucket, record.Entry)) || (namesARecord && !IsRecordNotFound(error, bucket, record));
    }

    private static string RecordNotFoundText(string bucket, RecordKey record) =>
        string.Create(CultureInfo.InvariantCulture, $"Record {record.Timestamp.Microseconds} not found in entry {bucket}/{record.Entry}");
}
