namespace Reduct.Client.Testing;

/// <summary>
/// An API token known to a <see cref="ReductTestServer"/>, with the permission model of
/// ReductStore: full access, or lists of buckets the token may read and write. A list item that
/// ends in <c>*</c> matches every bucket starting with the text before it, except buckets whose
/// name starts with <c>$</c>.
/// </summary>
public sealed class ReductTestToken
{
    /// <summary>Creates a token without permissions.</summary>
    /// <param name="name">Token name, used in 403 messages and returned by <c>GET /me</c>.</param>
    /// <param name="value">The secret sent as <c>Authorization: Bearer &lt;value&gt;</c>.</param>
    public ReductTestToken(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(value);
        Name = name;
        Value = value;
    }

    /// <summary>Token name.</summary>
    public string Name { get; }

    /// <summary>Token secret.</summary>
    public string Value { get; }

    /// <summary>Whether the token may do everything, including bucket management.</summary>
    public bool FullAccess { get; init; }

    /// <summary>Buckets (or <c>prefix*</c> patterns) the token may read.</summary>
    public IReadOnlyList<string> Read { get; init; } = Array.Empty<string>();

    /// <summary>Buckets (or <c>prefix*</c> patterns) the token may write.</summary>
    public IReadOnlyList<string> Write { get; init; } = Array.Empty<string>();
}
