using System.Text.Json;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// Reads and writes BucketSettings JSON. Errors read like the real server's serde messages
/// (<c>Invalid JSON: ... at line L column C</c>, see <see cref="SerdeErrorText"/>).
/// </summary>
internal static class BucketSettingsJson
{
    public static void Write(Utf8JsonWriter writer, BucketSettings settings)
    {
        writer.WriteStartObject();
        writer.WriteString("quota_type", QuotaTypeName(settings.QuotaType));
        writer.WriteNumber("quota_size", settings.QuotaSize);
        writer.WriteNumber("max_block_size", settings.MaxBlockSize);
        writer.WriteNumber("max_block_records", settings.MaxBlockRecords);
        writer.WriteEndObject();
    }

    public static string QuotaTypeName(QuotaType type) => type switch
    {
        QuotaType.Fifo => "FIFO",
        QuotaType.Hard => "HARD",
        _ => "NONE",
    };

    /// <summary>Parses a request body; an empty body means "all defaults".</summary>
    /// <exception cref="ReductErrorException">422 <c>Invalid JSON: ...</c>.</exception>
    public static BucketSettingsUpdate Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return BucketSettingsUpdate.Empty;
        }

        var reader = new Utf8JsonReader(body);
        QuotaType? quotaType = null;
        ulong? quotaSize = null;
        ulong? maxBlockSize = null;
        ulong? maxBlockRecords = null;
        try
        {
            if (!reader.Read())
            {
                throw Invalid(body, body.Length, "EOF while parsing a value");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid(body, (int)reader.BytesConsumed, "invalid type: expected struct BucketSettings");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "quota_type":
                        quotaType = ReadQuotaType(ref reader, body);
                        break;
                    case "quota_size":
                        quotaSize = ReadUInt64(ref reader, body);
                        break;
                    case "max_block_size":
                        maxBlockSize = ReadUInt64(ref reader, body);
                        break;
                    case "max_block_records":
                        maxBlockRecords = ReadUInt64(ref reader, body);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                throw Invalid(body, body.Length, "EOF while parsing an object");
            }

            // Anything after the object other than whitespace is an error, as in serde_json.
            if (reader.Read())
            {
                throw Invalid(body, (int)reader.TokenStartIndex + 1, "trailing characters");
            }
        }
        catch (JsonException)
        {
            // A syntax error: serde_json names the position where a value was expected.
            var offset = (int)Math.Min(body.Length, reader.BytesConsumed + 1);
            throw Invalid(body, offset, "expected value");
        }

        return new BucketSettingsUpdate(quotaType, quotaSize, maxBlockSize, maxBlockRecords);
    }

    private static QuotaType? ReadQuotaType(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                var text = reader.GetString();
                return text switch
                {
                    "NONE" => QuotaType.None,
                    "FIFO" => QuotaType.Fifo,
                    "HARD" => QuotaType.Hard,
                    _ => throw Invalid(body, (int)reader.BytesConsumed, $"unknown variant `{text}`, expected one of `NONE`, `FIFO`, `HARD`"),
                };
            default:
                // serde reads the quota type as a string and reports any other token at its start.
                throw Invalid(body, (int)reader.TokenStartIndex + 1, "expected value");
        }
    }

    private static ulong? ReadUInt64(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var value))
        {
            return value;
        }

        var found = SerdeErrorText.DescribeFound(ref reader);
        var position = (int)reader.TokenStartIndex;
        reader.Skip();
        throw Invalid(body, Math.Max(position + 1, (int)reader.BytesConsumed), $"invalid type: {found}, expected u64");
    }

    private static ReductErrorException Invalid(ReadOnlySpan<byte> body, int offset, string problem) =>
        ReductErrorException.UnprocessableEntity("Invalid JSON: " + SerdeErrorText.At(body, offset, problem));
}
