using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Reduct.Client.Testing.Auth;

/// <summary>
/// Matches a client address against a token's allowlist entries: an exact address, or a CIDR range
/// of the same address family. An entry that parses as neither matches nothing; the server stores
/// such entries without complaint.
/// </summary>
internal static class IpAllowlist
{
    public static bool Allows(IReadOnlyList<string> allowlist, IPAddress client)
    {
        foreach (var entry in allowlist)
        {
            if (Matches(entry, client))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Matches(string entry, IPAddress client)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return IPAddress.TryParse(entry, out var exact) && exact.Equals(client);
        }

        if (!IPAddress.TryParse(entry.AsSpan(0, slash), out var network)
            || !byte.TryParse(entry.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || network.AddressFamily != client.AddressFamily)
        {
            return false;
        }

        var networkBytes = network.GetAddressBytes();
        var clientBytes = client.GetAddressBytes();
        if (prefix > networkBytes.Length * 8)
        {
            return false;
        }

        var fullBytes = prefix / 8;
        for (var i = 0; i < fullBytes; i++)
        {
            if (networkBytes[i] != clientBytes[i])
            {
                return false;
            }
        }

        var remainingBits = prefix % 8;
        if (remainingBits == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - remainingBits));
        return (networkBytes[fullBytes] & mask) == (clientBytes[fullBytes] & mask);
    }

    /// <summary>Loopback, private (RFC 1918, unique local) and link-local addresses: peers trusted to forward a client address.</summary>
    public static bool IsLocalOrPrivate(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal;
        }

        var bytes = address.GetAddressBytes();
        return bytes[0] == 10
            || (bytes[0] == 172 && bytes[1] >= 16 && bytes[1] <= 31)
            || (bytes[0] == 192 && bytes[1] == 168)
            || (bytes[0] == 169 && bytes[1] == 254);
    }
}
