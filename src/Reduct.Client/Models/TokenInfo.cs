namespace Reduct.Client;

/// <summary>An API token as the server describes it; the secret itself is never returned.</summary>
public sealed class TokenInfo
{
    /// <summary>Token name.</summary>
    public required string Name { get; init; }

    /// <summary>When the token was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>What the token may do.</summary>
    public TokenPermissions? Permissions { get; init; }

    /// <summary>True when the token is provisioned by the server configuration.</summary>
    public bool IsProvisioned { get; init; }

    /// <summary>When the token expires, if it does (servers 1.19 and newer).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Inactivity time to live in seconds, if any (servers 1.19 and newer).</summary>
    public ulong? Ttl { get; init; }

    /// <summary>Last use of the token, if known.</summary>
    public DateTimeOffset? LastAccess { get; init; }

    /// <summary>IP addresses or CIDR ranges the token is limited to; empty when unrestricted.</summary>
    public IReadOnlyList<string>? IpAllowlist { get; init; }

    /// <summary>True when the token has expired.</summary>
    public bool IsExpired { get; init; }

    /// <summary>One line with the token's name and permissions; a token read back never carries its secret.</summary>
    public override string ToString()
    {
        string permissions = Permissions is null ? "none"
            : Permissions.FullAccess ? "full access"
            : $"read [{string.Join(", ", Permissions.Read)}], write [{string.Join(", ", Permissions.Write)}]";
        return $"TokenInfo {{ Name = {Name}, Permissions = {permissions}, IsProvisioned = {(IsProvisioned ? "true" : "false")}, IsExpired = {(IsExpired ? "true" : "false")} }}";
    }
}

/// <summary>Permissions of a token.</summary>
public sealed class TokenPermissions
{
    /// <summary>True for full access (management of buckets and tokens).</summary>
    public bool FullAccess { get; init; }

    /// <summary>Buckets the token can read; an item ending in <c>*</c> is a prefix.</summary>
    public IReadOnlyList<string> Read { get; init; } = [];

    /// <summary>Buckets the token can write; an item ending in <c>*</c> is a prefix.</summary>
    public IReadOnlyList<string> Write { get; init; } = [];
}
