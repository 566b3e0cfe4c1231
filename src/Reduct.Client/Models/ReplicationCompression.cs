using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reduct.Client;

/// <summary>How a replication task compresses what it sends to its destination (servers 1.21 and newer).</summary>
[JsonConverter(typeof(ReplicationCompressionJsonConverter))]
public enum ReplicationCompression
{
    /// <summary>Sent as it is.</summary>
    None,

    /// <summary>Zstandard.</summary>
    Zstd,

    /// <summary>Gzip.</summary>
    Gzip,
}

/// <summary>Reads and writes <see cref="ReplicationCompression"/> as the server's lower-case strings.</summary>
internal sealed class ReplicationCompressionJsonConverter : JsonConverter<ReplicationCompression>
{
    public override ReplicationCompression Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return text switch
        {
            "none" => ReplicationCompression.None,
            "zstd" => ReplicationCompression.Zstd,
            "gzip" => ReplicationCompression.Gzip,
            _ => throw new JsonException($"Unknown replication compression '{text}'."),
        };
    }

    public override void Write(Utf8JsonWriter writer, ReplicationCompression value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ToWire(value));

    /// <summary>The wire name of a compression.</summary>
    public static string ToWire(ReplicationCompression value) => value switch
    {
        ReplicationCompression.None => "none",
        ReplicationCompression.Zstd => "zstd",
        ReplicationCompression.Gzip => "gzip",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown replication compression."),
    };
}
