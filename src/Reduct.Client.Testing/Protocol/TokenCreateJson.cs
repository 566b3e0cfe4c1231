using System.Globalization;
using System.Text.Json;
using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// Parses the body of <c>POST /tokens/{name}</c>. Two shapes are accepted: the current one,
/// <c>{"permissions":{...},"expires_at":..,"ttl":..,"ip_allowlist":[..]}</c>, and the legacy one,
/// <c>{"full_access":..,"read":[..],"write":[..],"ip_allowlist":[..]}</c>. Every field may be left
/// out except <c>permissions</c> in the current shape; an unknown or repeated field, a wrong type
/// and anything that is not one JSON object give 422 <c>Invalid body</c>, as on the real server.
/// Before 1.19 the body is the permissions object itself, read by serde without the strict checks:
/// all three fields are required, unknown fields are ignored, and a fault is 422 <c>Invalid JSON: ...</c>.
/// </summary>
internal static class TokenCreateJson
{
    public const string InvalidBody = "Invalid body";

    /// <param name="body">The request body.</param>
    /// <param name="withLifetime">Whether <c>expires_at</c>, <c>ttl</c> and <c>ip_allowlist</c> exist (1.19+).</param>
    /// <exception cref="ReductErrorException">422 <c>Invalid body</c>.</exception>
    public static TokenCreateRequest Parse(ReadOnlySpan<byte> body, bool withLifetime)
    {
        if (!withLifetime)
        {
            return ParsePermissionsOnly(body);
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid();
            }

            var builder = new Builder();
            var current = root.TryGetProperty("permissions", out _);
            foreach (var property in UniqueProperties(root))
            {
                switch (property.Name)
                {
                    case "permissions" when current:
                        ReadPermissions(property.Value, builder, withLifetime);
                        break;
                    case "expires_at" when current && withLifetime:
                        builder.ExpiresAt = ReadTime(property.Value);
                        break;
                    case "ttl" when current && withLifetime:
                        builder.Ttl = property.Value.ValueKind == JsonValueKind.Null ? null : ReadUInt64(property.Value);
                        break;
                    case "ip_allowlist" when withLifetime:
                        builder.IpAllowlist.AddRange(ReadStrings(property.Value));
                        break;
                    case "full_access" or "read" or "write" when !current:
                        ReadPermission(property, builder);
                        break;
                    default:
                        throw Invalid();
                }
            }

            return builder.Build();
        }
        catch (JsonException)
        {
            throw Invalid();
        }
    }

    /// <summary>The body before 1.19: <c>{"full_access":..,"read":[..],"write":[..]}</c>, every field required.</summary>
    private static TokenCreateRequest ParsePermissionsOnly(ReadOnlySpan<byte> body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw InvalidJson(body, "expected value");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw InvalidJson(body, "invalid type: expected struct Permissions");
        }

        var builder = new Builder();
        foreach (var name in new[] { "full_access", "read", "write" })
        {
            if (!root.TryGetProperty(name, out var value))
            {
                throw InvalidJson(body, $"missing field `{name}`");
            }

            try
            {
                ReadPermission(name, value, builder);
            }
            catch (ReductErrorException)
            {
                throw InvalidJson(body, $"invalid type for field `{name}`");
            }
        }

        return builder.Build();
    }

    private static ReductErrorException InvalidJson(ReadOnlySpan<byte> body, string problem) =>
        ReductErrorException.UnprocessableEntity("Invalid JSON: " + SerdeErrorText.At(body, body.Length, problem));

    private static void ReadPermissions(JsonElement permissions, Builder builder, bool withLifetime)
    {
        if (permissions.ValueKind != JsonValueKind.Object)
        {
            throw Invalid();
        }

        foreach (var property in UniqueProperties(permissions))
        {
            switch (property.Name)
            {
                case "full_access" or "read" or "write":
                    ReadPermission(property, builder);
                    break;
                case "ip_allowlist" when withLifetime:
                    builder.IpAllowlist.AddRange(ReadStrings(property.Value));
                    break;
                default:
                    throw Invalid();
            }
        }
    }

    private static void ReadPermission(JsonProperty property, Builder builder) => ReadPermission(property.Name, property.Value, builder);

    private static void ReadPermission(string name, JsonElement value, Builder builder)
    {
        switch (name)
        {
            case "full_access":
                builder.FullAccess = value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Invalid(),
                };
                break;
            case "read":
                builder.Read = ReadStrings(value);
                break;
            default:
                builder.Write = ReadStrings(value);
                break;
        }
    }

    private static IEnumerable<JsonProperty> UniqueProperties(JsonElement element)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw Invalid();
            }

            yield return property;
        }
    }

    private static List<string> ReadStrings(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid();
        }

        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Invalid());
        }

        return list;
    }

    private static ulong ReadUInt64(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var number) ? number : throw Invalid();

    /// <summary>RFC 3339 with a zone (<c>Z</c> or an offset), as chrono reads it; null stays null.</summary>
    private static DateTimeOffset? ReadTime(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid();
        var hasZone = text.EndsWith('Z') || text.EndsWith('z')
            || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        return hasZone && text.Length > 10 && text[10] is 'T' or 't' or ' '
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw Invalid();
    }

    private static ReductErrorException Invalid() => ReductErrorException.UnprocessableEntity(InvalidBody);

    private sealed class Builder
    {
        public bool FullAccess { get; set; }

        public IReadOnlyList<string> Read { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> Write { get; set; } = Array.Empty<string>();

        public DateTimeOffset? ExpiresAt { get; set; }

        public ulong? Ttl { get; set; }

        public List<string> IpAllowlist { get; } = new();

        public TokenCreateRequest Build() => new(FullAccess, Read, Write, ExpiresAt, Ttl, IpAllowlist);
    }
}
