namespace Reduct.Client.Testing.Auth;

/// <summary>The body of <c>POST /tokens/{name}</c>, whichever of its two shapes was sent.</summary>
internal sealed record TokenCreateRequest(
    bool FullAccess,
    IReadOnlyList<string> Read,
    IReadOnlyList<string> Write,
    DateTimeOffset? ExpiresAt,
    ulong? Ttl,
    IReadOnlyList<string> IpAllowlist);
