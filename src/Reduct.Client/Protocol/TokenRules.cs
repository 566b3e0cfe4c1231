using System.Net;

namespace Reduct.Client.Protocol;

/// <summary>
/// The token API's rules the client can check before sending (read reference §8, write reference §7): a name the
/// route can carry, permission entries the server accepts, a positive TTL in whole seconds, addresses or CIDR ranges.
/// </summary>
internal static class TokenRules
{
    /// <summary>
    /// Checks a token name: not empty, no control characters, and not <c>.</c> or <c>..</c> (which a URL would
    /// collapse into another path). The server itself accepts any non-empty name; the client percent-encodes it.
    /// </summary>
    public static void ValidateName(string? name, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (name.Length == 0)
        {
            throw new ArgumentException("A token name must not be empty.", paramName);
        }

        if (name is "." or "..")
        {
            throw new ArgumentException($"A token cannot be named '{name}': a URL path cannot carry it.", paramName);
        }

        foreach (char c in name)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"A token name must not contain control characters; it contains '{NameRules.Printable(c)}'.", paramName);
            }
        }
    }

    /// <summary>The path of a token (<c>tokens/{name}</c>), the name percent-encoded.</summary>
    public static string Path(string name) => "tokens/" + Uri.EscapeDataString(name);

    /// <summary>Checks the options of a new token: permission entries, TTL, IP allowlist.</summary>
    public static void ValidateOptions(TokenCreateOptions options, string paramName)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        ValidatePermissions(options.Read, "Read", paramName);
        ValidatePermissions(options.Write, "Write", paramName);
        if (options.Ttl is { } ttl && (ttl < TimeSpan.FromSeconds(1) || ttl.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            throw new ArgumentException($"TokenCreateOptions.Ttl must be a whole number of seconds, at least one; got {ttl}.", paramName);
        }

        ArgumentNullException.ThrowIfNull(options.IpAllowlist, paramName);
        foreach (string? address in options.IpAllowlist)
        {
            if (address is null || !(IPAddress.TryParse(address, out _) || IPNetwork.TryParse(address, out _)))
            {
                throw new ArgumentException(
                    $"TokenCreateOptions.IpAllowlist holds '{address}', which is neither an IP address nor a CIDR range such as 10.0.0.0/8.", paramName);
            }
        }
    }

    /// <summary>
    /// Permission entries: bucket names and <c>*</c> wildcards (<c>^[*a-zA-Z0-9_-]+$</c>) or any name starting with
    /// <c>$</c> (a system bucket), as the server checks them.
    /// </summary>
    private static void ValidatePermissions(IReadOnlyList<string> entries, string property, string paramName)
    {
        ArgumentNullException.ThrowIfNull(entries, paramName);
        foreach (string? entry in entries)
        {
            if (entry is null || !IsPermissionEntry(entry))
            {
                throw new ArgumentException(
                    $"TokenCreateOptions.{property} holds '{entry}'; a permission is a bucket name, a prefix ending in '*' (letters, digits, '_', '-', '*'), or a system bucket name starting with '$'.",
                    paramName);
            }
        }
    }

    private static bool IsPermissionEntry(string entry)
    {
        if (entry.StartsWith('$'))
        {
            return true;
        }

        if (entry.Length == 0)
        {
            return false;
        }

        foreach (char c in entry)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '*'))
            {
                return false;
            }
        }

        return true;
    }
}
