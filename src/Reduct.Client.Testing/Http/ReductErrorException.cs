namespace Reduct.Client.Testing.Http;

/// <summary>
/// An error the server reports with its own convention (<c>x-reduct-error</c> and a JSON detail
/// body), or, inside a batch, as a per-record error header.
/// </summary>
internal sealed class ReductErrorException : Exception
{
    public ReductErrorException(int status, string message)
        : base(message)
    {
        Status = status;
    }

    public int Status { get; }

    public static ReductErrorException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static ReductErrorException Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, message);

    public static ReductErrorException Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);

    public static ReductErrorException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static ReductErrorException Conflict(string message) => new(StatusCodes.Status409Conflict, message);

    public static ReductErrorException UnprocessableEntity(string message) => new(StatusCodes.Status422UnprocessableEntity, message);

    public static ReductErrorException Internal(string message) => new(StatusCodes.Status500InternalServerError, message);
}
