using System.Globalization;

namespace Reduct.Client;

/// <summary>
/// An error reported by a ReductStore server, or a failure to reach it.
/// </summary>
/// <remarks>
/// <see cref="Status"/> is the HTTP status of the response (for example 409 for a duplicate timestamp),
/// or one of the negative codes below when no response arrived. <see cref="ServerMessage"/> is the server's
/// <c>x-reduct-error</c> text. The API token never appears in an exception message.
/// </remarks>
public class ReductException : Exception
{
    /// <summary>The connection could not be made or broke before a response arrived.</summary>
    public const int ConnectionFailed = -1;

    /// <summary>No response arrived within the configured timeout.</summary>
    public const int Timeout = -2;

    /// <summary>
    /// A streamed body yielded more or fewer bytes than the declared content length; the upload was aborted
    /// before the server could store the record.
    /// </summary>
    public const int ContentLengthMismatch = -3;

    /// <summary>The server speaks an API whose major version this SDK does not support.</summary>
    public const int UnsupportedApiVersion = -4;

    /// <summary>
    /// The server's API version is older than what the call needs (for example an entry name with <c>/</c>,
    /// which needs API 1.19): the call was refused before any byte of it was sent.
    /// </summary>
    public const int NotSupportedByServer = -5;

    /// <summary>
    /// A record a writer with a spool dropped, never sent, to make room when the spool was full
    /// (<see cref="SpoolFullMode.DropOldest"/>): it is not stored.
    /// </summary>
    public const int DroppedFromSpool = -6;

    /// <summary>Creates an exception for an HTTP status and the server's message.</summary>
    /// <param name="status">HTTP status, or one of the negative codes of this class.</param>
    /// <param name="serverMessage">The server's <c>x-reduct-error</c> message, or a description of the failure.</param>
    /// <param name="innerException">The transport exception behind a negative status, if any.</param>
    public ReductException(int status, string serverMessage, Exception? innerException = null)
        : base(FormatMessage(status, serverMessage), innerException)
    {
        Status = status;
        ServerMessage = serverMessage;
    }

    /// <summary>Creates an exception whose message adds a note to the server's message, such as why it was not retried.</summary>
    internal ReductException(int status, string serverMessage, string? note, Exception? innerException)
        : base(note is null ? FormatMessage(status, serverMessage) : FormatMessage(status, serverMessage) + " " + note, innerException)
    {
        Status = status;
        ServerMessage = serverMessage;
    }

    /// <summary>The HTTP status code, or a negative code when no response arrived.</summary>
    public int Status { get; }

    /// <summary>The server's error message (the <c>x-reduct-error</c> header), or a description of the failure.</summary>
    public string ServerMessage { get; }

    /// <summary>
    /// True when the request broke off after (part of) it may have reached the server (a connection reset
    /// mid-request, no answer in time) and could not be retried: the server may or may not have stored what it
    /// carried. Write it again and treat a <c>409 ... already exists</c> as stored, or read it back to know.
    /// False when the server is known not to have acted on the request.
    /// </summary>
    public bool IsOutcomeUnknown { get; internal init; }

    /// <summary>True when no HTTP response was received (refused or reset connection, timeout).</summary>
    public bool IsTransportFailure => Status is ConnectionFailed or Timeout;

    /// <summary>
    /// True when trying the same request again later may succeed: transport failures and the statuses
    /// 429, 502, 503 and 504.
    /// </summary>
    public bool IsTransient => IsTransportFailure || Http.RetryClassifier.IsTransientStatus(Status);

    private static string FormatMessage(int status, string serverMessage) => status switch
    {
        ConnectionFailed => "Connection to the ReductStore server failed: " + serverMessage,
        Timeout => "The ReductStore server did not answer in time: " + serverMessage,
        ContentLengthMismatch or UnsupportedApiVersion or NotSupportedByServer => serverMessage,
        _ => string.Create(CultureInfo.InvariantCulture, $"ReductStore returned {status}: {serverMessage}"),
    };
}
