namespace Reduct.Client;

/// <summary>The body of <c>GET /api/v1/tokens</c>.</summary>
internal sealed class TokenList
{
    public IReadOnlyList<TokenInfo> Tokens { get; init; } = [];
}
