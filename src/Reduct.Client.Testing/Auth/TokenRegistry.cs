using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Auth;

/// <summary>
/// The server's tokens: the token API's operations, and the checks every request goes through
/// (401 for a missing, unknown, expired or address-restricted token, 403 for a missing
/// permission), with the real messages. Thread-safe: changes are made under a lock and published
/// as a new table, so the check on every request reads the current table without taking the lock.
/// </summary>
internal sealed partial class TokenRegistry
{
    public const string InitTokenName = "init-token";

    private const string BearerPrefix = "Bearer ";

    private readonly object _sync = new();

    /// <summary>UTC ticks of each token's last use; a 64-bit value is updated in place, without allocating, on every request.</summary>
    private readonly ConcurrentDictionary<string, long> _lastAccess = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private volatile TokenTable _table = TokenTable.Empty;

    public TokenRegistry(ReductTestServerOptions options, TimeProvider clock)
    {
        _clock = clock;
        IsEnabled = options.ApiToken is not null;
        AuthenticationDisabled = new AccessToken { Name = "AUTHENTICATION-DISABLED", Secret = string.Empty, CreatedAt = clock.GetUtcNow(), FullAccess = true };
        if (options.ApiToken is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        _table = _table.With(new AccessToken { Name = InitTokenName, Secret = options.ApiToken, CreatedAt = now, FullAccess = true, IsProvisioned = true });
        foreach (var token in options.Tokens)
        {
            _table = _table.With(new AccessToken
            {
                Name = token.Name,
                Secret = token.Value,
                CreatedAt = now,
                FullAccess = token.FullAccess,
                Read = token.Read.ToArray(),
                Write = token.Write.ToArray(),
                IsProvisioned = true,
            });
        }
    }

    /// <summary>False when the server runs without an API token: every request passes.</summary>
    public bool IsEnabled { get; }

    /// <summary>The identity every request gets when authentication is disabled.</summary>
    public AccessToken AuthenticationDisabled { get; }

    /// <summary>Checks the caller against <paramref name="policy"/> and returns its token.</summary>
    /// <exception cref="ReductErrorException">401 or 403.</exception>
    public AccessToken Authorize(HttpRequest request, AccessPolicy policy, string? bucket)
    {
        if (!IsEnabled || policy == AccessPolicy.Anonymous)
        {
            return AuthenticationDisabled;
        }

        var header = request.Headers.Authorization;
        var value = header.Count > 0 ? header[0] : null;
        if (string.IsNullOrEmpty(value) || !value.StartsWith(BearerPrefix, StringComparison.Ordinal))
        {
            throw ReductErrorException.Unauthorized("No bearer token in request header");
        }

        var token = Authenticate(value[BearerPrefix.Length..], request);
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

    public static bool CanRead(AccessToken token, string bucket) => token.FullAccess || Matches(token.Read, bucket);

    public static bool CanWrite(AccessToken token, string bucket) => token.FullAccess || Matches(token.Write, bucket);

    /// <summary>
    /// The token with its last use (a request it authenticated, or its rotation) and whether it is
    /// expired now; <c>is_expired</c> is computed when a token is read.
    /// </summary>
    public TokenView Describe(AccessToken token)
    {
        var last = LastAccessOf(token.Name);
        return new TokenView(token, last, token.IsExpiredAt(_clock.GetUtcNow(), last));
    }

    /// <summary>Every token, sorted by name.</summary>
    public IReadOnlyList<TokenView> List() => _table.ByName.Values.Select(Describe).ToList();

    /// <exception cref="ReductErrorException">404 when there is no such token.</exception>
    public TokenView Get(string name) => Describe(Require(_table, name));

    /// <summary>Creates a token and returns its secret, which is never shown again.</summary>
    /// <exception cref="ReductErrorException">409 or 422 with the server's messages.</exception>
    public TokenSecret Create(string name, TokenCreateRequest request)
    {
        if (name.Length == 0)
        {
            throw ReductErrorException.UnprocessableEntity("Token name can't be empty");
        }

        lock (_sync)
        {
            if (_table.ByName.ContainsKey(name))
            {
                throw ReductErrorException.Conflict($"Token '{name}' already exists");
            }

            foreach (var permission in request.Read.Concat(request.Write))
            {
                // '$' names are system buckets, which may be named exactly but fall outside the pattern.
                if (!permission.StartsWith('$') && !PermissionPattern().IsMatch(permission))
                {
                    throw ReductErrorException.UnprocessableEntity($"Permission can contain only bucket names or wildcard '*', got '{permission}'");
                }
            }

            var now = _clock.GetUtcNow();
            if (request.Ttl == 0)
            {
                throw ReductErrorException.UnprocessableEntity("Token TTL must be greater than zero");
            }

            if (request.ExpiresAt < now)
            {
                throw ReductErrorException.UnprocessableEntity("Token expiration date must not be in the past");
            }

            var secret = new TokenSecret(TokenSecret.Generate(name), now);
            _table = _table.With(new AccessToken
            {
                Name = name,
                Secret = secret.Value,
                CreatedAt = now,
                FullAccess = request.FullAccess,
                Read = request.Read,
                Write = request.Write,
                ExpiresAt = request.ExpiresAt,
                Ttl = request.Ttl,
                IpAllowlist = request.IpAllowlist,
            });
            return secret;
        }
    }

    /// <summary>Gives a token a new secret; the old one stops working at once.</summary>
    /// <exception cref="ReductErrorException">404, 409 (init or provisioned token) or 422 (expired).</exception>
    public TokenSecret Rotate(string name)
    {
        if (name == InitTokenName)
        {
            throw ReductErrorException.Conflict("Can't rotate init token");
        }

        lock (_sync)
        {
            var token = Require(_table, name);
            if (token.IsProvisioned)
            {
                throw ReductErrorException.Conflict($"Can't rotate provisioned token '{name}'");
            }

            var now = _clock.GetUtcNow();
            if (token.ExpiresAt is { } expiresAt && now >= expiresAt)
            {
                throw ReductErrorException.UnprocessableEntity($"Can't rotate expired token '{name}'");
            }

            var secret = new TokenSecret(TokenSecret.Generate(name), now);
            _table = _table.Without(name).With(token with { Secret = secret.Value, CreatedAt = now });
            _lastAccess[name] = now.UtcTicks;
            return secret;
        }
    }

    /// <exception cref="ReductErrorException">404, or 409 for a provisioned token.</exception>
    public void Remove(string name)
    {
        lock (_sync)
        {
            if (Require(_table, name).IsProvisioned)
            {
                throw ReductErrorException.Conflict($"Can't remove provisioned token '{name}'");
            }

            _table = _table.Without(name);
            _lastAccess.TryRemove(name, out _);
        }
    }

    /// <summary>Permissions that named the old bucket exactly now name the new one; wildcards stay as they are.</summary>
    public void RenameBucket(string oldName, string newName) =>
        RewritePermissions(list => list.Select(b => b == oldName ? newName : b).ToArray());

    /// <summary>A removed bucket disappears from every token's permission lists.</summary>
    public void RemoveBucket(string bucket) =>
        RewritePermissions(list => list.Where(b => b != bucket).ToArray());

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

    [GeneratedRegex("^[*a-zA-Z0-9_-]+$")]
    private static partial Regex PermissionPattern();

    private AccessToken Authenticate(string secret, HttpRequest request)
    {
        if (!_table.BySecret.TryGetValue(secret, out var token))
        {
            throw ReductErrorException.Unauthorized("Invalid token");
        }

        var now = _clock.GetUtcNow();
        if (token.IsExpiredAt(now, LastAccessOf(token.Name)))
        {
            throw ReductErrorException.Unauthorized("Token has expired");
        }

        if (token.IpAllowlist.Count > 0)
        {
            var client = ClientAddress.Resolve(request) ?? throw ReductErrorException.Unauthorized("Client IP is required for this token");
            if (!IpAllowlist.Allows(token.IpAllowlist, client))
            {
                throw ReductErrorException.Unauthorized($"Token is not allowed for client IP {client}");
            }
        }

        _lastAccess[token.Name] = now.UtcTicks;
        return token;
    }

    private DateTimeOffset? LastAccessOf(string name) =>
        _lastAccess.TryGetValue(name, out var ticks) ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    private static AccessToken Require(TokenTable table, string name) =>
        table.ByName.TryGetValue(name, out var token) ? token : throw ReductErrorException.NotFound($"Token '{name}' doesn't exist");

    private void RewritePermissions(Func<IReadOnlyList<string>, IReadOnlyList<string>> rewrite)
    {
        lock (_sync)
        {
            var table = _table;
            foreach (var token in table.ByName.Values)
            {
                table = table.With(token with { Read = rewrite(token.Read), Write = rewrite(token.Write) });
            }

            _table = table;
        }
    }
}
