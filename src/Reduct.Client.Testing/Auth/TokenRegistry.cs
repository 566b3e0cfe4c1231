using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Auth;

/// <summary>The server's tokens and its permission checks, with the real 401 and 403 messages.</summary>
internal sealed class TokenRegistry
{
    /// <summary>The identity every request gets when authentication is disabled.</summary>
    private static readonly ReductTestToken AuthenticationDisabled = new("AUTHENTICATION-DISABLED", "-") { FullAccess = true };

    private const string BearerPrefix = "Bearer ";

    private readonly IReadOnlyList<ReductTestToken>? _tokens;

    public TokenRegistry(ReductTestServerOptions options)
    {
        if (options.ApiToken is null)
        {
            return;
        }

        var tokens = new List<ReductTestToken> { new("init-token", options.ApiToken) { FullAccess = true } };
        tokens.AddRange(options.Tokens);
        _tokens = tokens;
    }

    public bool IsEnabled => _tokens is not null;

    /// <summary>Checks the caller against <paramref name="policy"/> and returns its token.</summary>
    /// <exception cref="ReductErrorException">401 or 403.</exception>
    public ReductTestToken Authorize(HttpRequest request, AccessPolicy policy, string? bucket)
    {
        if (_tokens is null)
        {
            return AuthenticationDisabled;
        }

        if (policy == AccessPolicy.Anonymous)
        {
            return AuthenticationDisabled;
        }

        var header = request.Headers.Authorization;
        var value = header.Count > 0 ? header[0] : null;
        if (string.IsNullOrEmpty(value) || !value.StartsWith(BearerPrefix, StringComparison.Ordinal))
        {
            throw ReductErrorException.Unauthorized("No bearer token in request header");
        }

        var secret = value[BearerPrefix.Length..];
        var token = _tokens.FirstOrDefault(t => t.Value == secret) ?? throw ReductErrorException.Unauthorized("Invalid token");
        switch (policy)
        {
            case AccessPolicy.FullAccess when !token.FullAccess:
                throw ReductErrorException.Forbidden($"Token '{token.Name}' doesn't have full access");
            case AccessPolicy.Read when !CanRead(token, bucket!):
                throw ReductErrorException.Forbidden($"Token '{token.Name}' doesn't have read access to bucket '{bucket}'");
            case AccessPolicy.Write when !CanWrite(token, bucket!):
                throw ReductErrorException.Forbidden($"Token '{token.Name}' doesn't have write access to bucket '{bucket}'");
            default:
                return token;
        }
    }

    public static bool CanRead(ReductTestToken token, string bucket) => token.FullAccess || Matches(token.Read, bucket);

    public static bool CanWrite(ReductTestToken token, string bucket) => token.FullAccess || Matches(token.Write, bucket);

    private static bool Matches(IReadOnlyList<string> patterns, string bucket)
    {
        foreach (var pattern in patterns)
        {
            if (pattern == bucket)
            {
                return true;
            }

            // System buckets ('$...') are never matched by a wildcard: they must be named exactly.
            if (pattern.EndsWith('*') && !bucket.StartsWith('$') && bucket.StartsWith(pattern[..^1], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
