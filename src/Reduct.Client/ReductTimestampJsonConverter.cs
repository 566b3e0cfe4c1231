using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reduct.Client;

/// <summary>
/// Reads and writes a <see cref="ReductTimestamp"/> as the JSON number of its microseconds, the form every
/// ReductStore response uses (<c>"latest_record": 1706868000000000</c>).
/// </summary>
internal sealed class ReductTimestampJsonConverter : JsonConverter<ReductTimestamp>
{
    public override ReductTimestamp Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out ulong microseconds))
        {
            throw new JsonException("A timestamp must be a JSON number of microseconds from 0 to 18446744073709551615.");
        }

        return new ReductTimestamp(microseconds);
    }

    public override void Write(Utf8JsonWriter writer, ReductTimestamp value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.Microseconds);
    }
}
