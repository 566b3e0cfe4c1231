using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reduct.Client;

/// <summary>What a replication task does with the records written to its source bucket (servers 1.18 and newer).</summary>
[JsonConverter(typeof(ReplicationModeJsonConverter))]
public enum ReplicationMode
{
    /// <summary>New records are queued and sent to the destination.</summary>
    Enabled,

    /// <summary>New records are queued but not sent; they go out once the task is enabled again.</summary>
    Paused,

    /// <summary>New records are not replicated at all, now or later.</summary>
    Disabled,
}

/// <summary>Reads and writes <see cref="ReplicationMode"/> as the server's lower-case strings.</summary>
internal sealed class ReplicationModeJsonConverter : JsonConverter<ReplicationMode>
{
    public override ReplicationMode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return text switch
        {
            "enabled" => ReplicationMode.Enabled,
            "paused" => ReplicationMode.Paused,
            "disabled" => ReplicationMode.Disabled,
            _ => throw new JsonException($"Unknown replication mode '{text}'."),
        };
    }

    public override void Write(Utf8JsonWriter writer, ReplicationMode value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWire(value));

    /// <summary>The wire name of a mode.</summary>
    public static string ToWire(ReplicationMode value) => value switch
    {
        ReplicationMode.Enabled => "enabled",
        ReplicationMode.Paused => "paused",
        ReplicationMode.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown replication mode."),
    };
}
