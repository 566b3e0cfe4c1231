namespace Reduct.Client.Tests.Interop;

/// <summary>The error a query must fail with, or the one an SDK reported: the server's status and message.</summary>
/// <param name="Status">The HTTP status; null when reduct-js failed without one (its own exception).</param>
/// <param name="Message">The server's <c>x-reduct-error</c>, or the SDK's exception.</param>
public sealed record InteropQueryError(int? Status, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Status is null ? Message : $"{Status} {Message}";
}
