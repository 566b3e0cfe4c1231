namespace Reduct.Client.Testing.Auth;

/// <summary>
/// One token as the server keeps it. Immutable: the registry replaces the whole value when a token
/// is rotated or its permissions change, so a request checks one consistent snapshot. The time of
/// last use changes with every request and is kept by the registry instead.
/// </summary>
internal sealed record AccessToken
{
    public required string Name { get; init; }

    /// <summary>The secret sent as <c>Authorization: Bearer &lt;secret&gt;</c>.</summary>
    public required string Secret { get; init; }

    /// <summary>Creation time, or the time of the last rotation.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public bool FullAccess { get; init; }

    public IReadOnlyList<string> Read { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> Write { get; init; } = Array.Empty<string>();

    /// <summary>Configured at start-up (the init token and <see cref="ReductTestServerOptions.Tokens"/>): cannot be removed or rotated.</summary>
    public bool IsProvisioned { get; init; }

    /// <summary>Absolute expiry (1.19+).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Inactivity timeout in seconds (1.19+).</summary>
    public ulong? Ttl { get; init; }

    /// <summary>Addresses or CIDR ranges the token may be used from (1.19+); empty allows every address.</summary>
    public IReadOnlyList<string> IpAllowlist { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Past <see cref="ExpiresAt"/>, or idle for longer than <see cref="Ttl"/> since the later of
    /// <paramref name="lastAccess"/> and its creation.
    /// </summary>
    public bool IsExpiredAt(DateTimeOffset now, DateTimeOffset? lastAccess)
    {
        if (ExpiresAt is { } expiresAt && now >= expiresAt)
        {
            return true;
        }

        if (Ttl is { } ttl)
        {
            var since = lastAccess is { } last && last > CreatedAt ? last : CreatedAt;
            return (now - since).TotalSeconds > ttl;
        }

        return false;
    }
}
