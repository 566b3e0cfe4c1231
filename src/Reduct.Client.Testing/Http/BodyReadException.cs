namespace Reduct.Client.Testing.Http;

/// <summary>A request body could not be read to its announced end.</summary>
internal sealed class BodyReadException : Exception
{
    public BodyReadException(BodyFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
    }

    public BodyFailure Failure { get; }

    /// <summary>The request-level error the real server answers with.</summary>
    public ReductErrorException ToResponseError() => ReductErrorException.BadRequest(Message);
}
