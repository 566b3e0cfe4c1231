using System.Globalization;
using System.Text.Json;
using Reduct.Client.Testing.Auth;
using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Protocol;

/// <summary>The JSON objects of the management API, field for field as the real server sends them.</summary>
internal static class ApiJson
{
    public static void WriteBucketInfo(Utf8JsonWriter writer, BucketInfoSnapshot info, bool withStatus)
    {
        writer.WriteStartObject();
        writer.WriteString("name", info.Name);
        writer.WriteNumber("entry_count", info.EntryCount);
        writer.WriteNumber("size", info.Size);
        writer.WriteNumber("oldest_record", info.OldestRecord);
        writer.WriteNumber("latest_record", info.LatestRecord);
        writer.WriteBoolean("is_provisioned", info.IsProvisioned);
        if (withStatus)
        {
            writer.WriteString("status", "READY");
        }

        writer.WriteEndObject();
    }

    public static void WriteEntryInfo(Utf8JsonWriter writer, EntryInfoSnapshot entry, bool withStatus)
    {
        writer.WriteStartObject();
        writer.WriteString("name", entry.Name);
        writer.WriteNumber("size", entry.Size);
        writer.WriteNumber("record_count", entry.RecordCount);
        writer.WriteNumber("block_count", entry.BlockCount);
        writer.WriteNumber("oldest_record", entry.OldestRecord);
        writer.WriteNumber("latest_record", entry.LatestRecord);
        if (withStatus)
        {
            writer.WriteString("status", "READY");
        }

        writer.WriteEndObject();
    }

    public static void WriteFullBucketInfo(Utf8JsonWriter writer, FullBucketSnapshot bucket, bool withStatus)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("info");
        WriteBucketInfo(writer, bucket.Info, withStatus);
        writer.WritePropertyName("settings");
        BucketSettingsJson.Write(writer, bucket.Settings);
        writer.WriteStartArray("entries");
        foreach (var entry in bucket.Entries)
        {
            WriteEntryInfo(writer, entry, withStatus);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A Token object with its secret blanked, as <c>GET /tokens</c>, <c>GET /tokens/{name}</c> and <c>GET /me</c> return it.</summary>
    public static void WriteToken(Utf8JsonWriter writer, TokenView token, bool withLifetimeFields)
    {
        var value = token.Token;
        writer.WriteStartObject();
        writer.WriteString("name", value.Name);
        writer.WriteString("value", string.Empty);
        writer.WriteString("created_at", FormatTime(value.CreatedAt));
        writer.WriteStartObject("permissions");
        writer.WriteBoolean("full_access", value.FullAccess);
        WriteStrings(writer, "read", value.Read);
        WriteStrings(writer, "write", value.Write);
        writer.WriteEndObject();
        writer.WriteBoolean("is_provisioned", value.IsProvisioned);
        if (withLifetimeFields)
        {
            WriteTimeOrNull(writer, "expires_at", value.ExpiresAt);
            if (value.Ttl is { } ttl)
            {
                writer.WriteNumber("ttl", ttl);
            }
            else
            {
                writer.WriteNull("ttl");
            }

            WriteTimeOrNull(writer, "last_access", token.LastAccess);
            WriteStrings(writer, "ip_allowlist", value.IpAllowlist);
            writer.WriteBoolean("is_expired", token.IsExpired);
        }

        writer.WriteEndObject();
    }

    /// <summary>The answer to a token create or rotate: the secret, shown this once.</summary>
    public static void WriteTokenSecret(Utf8JsonWriter writer, TokenSecret secret)
    {
        writer.WriteStartObject();
        writer.WriteString("value", secret.Value);
        writer.WriteString("created_at", FormatTime(secret.CreatedAt));
        writer.WriteEndObject();
    }

    /// <summary>RFC 3339 with microseconds and <c>Z</c>, like chrono's serde output.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteTimeOrNull(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, FormatTime(value));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
