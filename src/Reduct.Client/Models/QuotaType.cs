using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reduct.Client;

/// <summary>What a bucket does when its quota is reached.</summary>
[JsonConverter(typeof(QuotaTypeJsonConverter))]
public enum QuotaType
{
    /// <summary>No quota; <see cref="BucketSettings.QuotaSize"/> is ignored.</summary>
    None,

    /// <summary>The oldest blocks are removed to make room for new records.</summary>
    Fifo,

    /// <summary>Writes that would exceed the quota fail with 400.</summary>
    Hard,
}

/// <summary>Reads and writes <see cref="QuotaType"/> as the server's upper-case strings.</summary>
internal sealed class QuotaTypeJsonConverter : JsonConverter<QuotaType>
{
    public override QuotaType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return text switch
        {
            "NONE" => QuotaType.None,
            "FIFO" => QuotaType.Fifo,
            "HARD" => QuotaType.Hard,
            _ => throw new JsonException($"Unknown quota type '{text}'."),
        };
    }

    public override void Write(Utf8JsonWriter writer, QuotaType value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value switch
        {
            QuotaType.None => "NONE",
            QuotaType.Fifo => "FIFO",
            QuotaType.Hard => "HARD",
            _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown quota type."),
        });
}
