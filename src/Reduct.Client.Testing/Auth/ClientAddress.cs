using System.Net;
using Microsoft.Extensions.Primitives;

namespace Reduct.Client.Testing.Auth;

/// <summary>
/// The client address a token's IP allowlist is checked against: the TCP peer, or, when the peer
/// is a loopback, private or link-local address (a proxy in front of the server), the address it
/// forwards in <c>Forwarded: for=...</c> or, failing that, the first <c>X-Forwarded-For</c> entry.
/// </summary>
internal static class ClientAddress
{
    public static IPAddress? Resolve(HttpRequest request)
    {
        var peer = Normalize(request.HttpContext.Connection.RemoteIpAddress);
        if (peer is null || !IpAllowlist.IsLocalOrPrivate(peer))
        {
            return peer;
        }

        return FromForwarded(request.Headers["Forwarded"])
            ?? FromForwardedFor(request.Headers["X-Forwarded-For"])
            ?? peer;
    }

    private static IPAddress? FromForwarded(StringValues values)
    {
        foreach (var value in values)
        {
            foreach (var element in (value ?? string.Empty).Split(',', ';'))
            {
                var pair = element.Trim();
                if (!pair.StartsWith("for=", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // for="[2001:db8::1]:4711" and for=192.0.2.60:8080 carry brackets, quotes and ports.
                var text = pair[4..].Trim('"');
                if (text.StartsWith('['))
                {
                    var close = text.IndexOf(']', StringComparison.Ordinal);
                    text = close > 0 ? text[1..close] : text;
                }
                else if (text.Count(c => c == ':') == 1)
                {
                    text = text[..text.IndexOf(':', StringComparison.Ordinal)];
                }

                if (IPAddress.TryParse(text, out var address))
                {
                    return Normalize(address);
                }
            }
        }

        return null;
    }

    private static IPAddress? FromForwardedFor(StringValues values)
    {
        foreach (var value in values)
        {
            var first = (value ?? string.Empty).Split(',')[0].Trim();
            if (IPAddress.TryParse(first, out var address))
            {
                return Normalize(address);
            }
        }

        return null;
    }

    private static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
}
