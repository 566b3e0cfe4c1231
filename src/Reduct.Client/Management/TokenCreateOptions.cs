namespace Reduct.Client;

/// <summary>What a new API token may do, and for how long (<see cref="ReductClient.CreateTokenAsync(string, TokenCreateOptions, CancellationToken)"/>).</summary>
/// <remarks>
/// <see cref="Ttl"/>, <see cref="ExpiresAt"/> and <see cref="IpAllowlist"/> need a server with API 1.19 or newer; on an
/// older one the call is refused before anything is sent.
/// </remarks>
public sealed class TokenCreateOptions
{
    /// <summary>True for full access: every bucket, and the management of buckets and tokens.</summary>
    public bool FullAccess { get; init; }

    /// <summary>
    /// Buckets the token may read: names, or a prefix ending in <c>*</c> (<c>*</c> for every bucket). A wildcard never
    /// matches a system bucket (a name starting with <c>$</c>); name those exactly.
    /// </summary>
    public IReadOnlyList<string> Read { get; init; } = [];

    /// <summary>Buckets the token may write, in the same form as <see cref="Read"/>.</summary>
    public IReadOnlyList<string> Write { get; init; } = [];

    /// <summary>
    /// Inactivity timeout: the token expires when it has not been used for longer than this. Whole seconds, at least
    /// one; null for none (API 1.19+).
    /// </summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>
    /// When the token stops working; null for never (API 1.19+). The server refuses a time in the past by its own clock
    /// (422 <c>Token expiration date must not be in the past</c>), so the client leaves that check to it.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>
    /// IP addresses (<c>10.0.0.7</c>) or CIDR ranges (<c>10.0.0.0/8</c>) the token may be used from; empty for any
    /// address (API 1.19+).
    /// </summary>
    public IReadOnlyList<string> IpAllowlist { get; init; } = [];

    /// <summary>True when an option that came with API 1.19 is set.</summary>
    internal bool UsesLifetimeOptions => Ttl is not null || ExpiresAt is not null || IpAllowlist.Count > 0;

    /// <summary>One line with the permissions and limits.</summary>
    public override string ToString() =>
        $"TokenCreateOptions {{ FullAccess = {(FullAccess ? "true" : "false")}, Read = [{string.Join(", ", Read)}], Write = [{string.Join(", ", Write)}], Ttl = {Ttl?.ToString() ?? "none"}, ExpiresAt = {ExpiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never"}, IpAllowlist = [{string.Join(", ", IpAllowlist)}] }}";
}
