using System.Net;

namespace Reduct.Client.Protocol;

/// <summary>
/// The meaning of an error answer (spec §1.6): the status with the <c>x-reduct-error</c> text, and the one error
/// that says a record is stored after all.
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
}
