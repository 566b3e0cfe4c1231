using System.Globalization;
using System.Text.Json;
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
        writer.WriteBoolean("is_provisioned", false);
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

    /// <summary>A Token object with its secret blanked, as <c>GET /me</c> returns it.</summary>
    public static void WriteToken(Utf8JsonWriter writer, ReductTestToken token, bool provisioned, DateTimeOffset createdAt, bool withLifetimeFields)
    {
        writer.WriteStartObject();
        writer.WriteString("name", token.Name);
        writer.WriteString("value", string.Empty);
        writer.WriteString("created_at", FormatTime(createdAt));
        writer.WriteStartObject("permissions");
        writer.WriteBoolean("full_access", token.FullAccess);
        WriteStrings(writer, "read", token.Read);
        WriteStrings(writer, "write", token.Write);
        writer.WriteEndObject();
        writer.WriteBoolean("is_provisioned", provisioned);
        if (withLifetimeFields)
        {
            writer.WriteNull("expires_at");
            writer.WriteNull("ttl");
            writer.WriteNull("last_access");
            WriteStrings(writer, "ip_allowlist", Array.Empty<string>());
            writer.WriteBoolean("is_expired", false);
        }

        writer.WriteEndObject();
    }

    /// <summary>RFC 3339 with microseconds and <c>Z</c>, like chrono's serde output.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

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
