namespace Reduct.Client;

/// <summary>The body of the answer to <c>POST /api/v1/links/{file_name}</c>.</summary>
internal sealed class QueryLinkAnswer
{
    public string? Link { get; init; }
}
