using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Reduct.Client.Protocol;

/// <summary>
/// The body of <c>POST /tokens/{name}</c> (write reference §7). Servers from API 1.19 take
/// <c>{"permissions":{...},"expires_at":..,"ttl":..,"ip_allowlist":[..]}</c>; older ones take the permissions object
/// itself, <c>{"full_access":..,"read":[..],"write":[..]}</c>, with all three fields required.
/// </summary>
internal static class TokenRequestJson
{
    /// <summary>Writes the body for a server of API 1.19 or newer.</summary>
    public static byte[] WriteCurrent(TokenCreateOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, JsonText.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("permissions");
            WritePermissions(writer, options);
            if (options.ExpiresAt is { } expiresAt)
            {
                // RFC 3339 in UTC, as the server's chrono reads it.
                writer.WriteString("expires_at", expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            }

            if (options.Ttl is { } ttl)
            {
                writer.WriteNumber("ttl", (ulong)(ttl.Ticks / TimeSpan.TicksPerSecond));
            }

            if (options.IpAllowlist.Count > 0)
            {
                WriteStrings(writer, "ip_allowlist", options.IpAllowlist);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the body for a server older than API 1.19: the permissions alone.</summary>
    public static byte[] WriteLegacy(TokenCreateOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var writer = new Utf8JsonWriter(buffer, JsonText.WriterOptions))
        {
            WritePermissions(writer, options);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WritePermissions(Utf8JsonWriter writer, TokenCreateOptions options)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("full_access", options.FullAccess);
        WriteStrings(writer, "read", options.Read);
        WriteStrings(writer, "write", options.Write);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
