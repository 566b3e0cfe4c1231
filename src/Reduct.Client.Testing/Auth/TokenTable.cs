namespace Reduct.Client.Testing.Auth;

/// <summary>
/// One published state of the token registry: every token by name (sorted, as the list is
/// returned) and by secret. Never changed once published; a change builds the next table.
/// </summary>
internal sealed class TokenTable
{
    public static readonly TokenTable Empty = new(
        new SortedDictionary<string, AccessToken>(StringComparer.Ordinal),
        new Dictionary<string, AccessToken>(StringComparer.Ordinal));

    private TokenTable(SortedDictionary<string, AccessToken> byName, Dictionary<string, AccessToken> bySecret)
    {
        ByName = byName;
        BySecret = bySecret;
    }

    public IReadOnlyDictionary<string, AccessToken> ByName { get; }

    public IReadOnlyDictionary<string, AccessToken> BySecret { get; }

    /// <summary>A table with <paramref name="token"/> added, or replacing the token of the same name.</summary>
    public TokenTable With(AccessToken token)
    {
        var (byName, bySecret) = Copy(except: token.Name);
        byName[token.Name] = token;
        bySecret[token.Secret] = token;
        return new TokenTable(byName, bySecret);
    }

    /// <summary>A table without the token named <paramref name="name"/>.</summary>
    public TokenTable Without(string name)
    {
        var (byName, bySecret) = Copy(except: name);
        return new TokenTable(byName, bySecret);
    }

    private (SortedDictionary<string, AccessToken> ByName, Dictionary<string, AccessToken> BySecret) Copy(string except)
    {
        var byName = new SortedDictionary<string, AccessToken>(StringComparer.Ordinal);
        var bySecret = new Dictionary<string, AccessToken>(StringComparer.Ordinal);
        foreach (var token in ByName.Values)
        {
            if (token.Name != except)
            {
                byName[token.Name] = token;
                bySecret[token.Secret] = token;
            }
        }

        return (byName, bySecret);
    }
}
