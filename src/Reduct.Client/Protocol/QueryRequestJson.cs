using System.Buffers;
using System.Text.Json;

namespace Reduct.Client.Protocol;

/// <summary>
/// The JSON body that creates a query (spec §2.3, §3.1), and the <c>{"id":N}</c> that answers it. The condition and
/// the extension parameters are written as the caller's JSON text, so the order of their keys (which the server
/// evaluates in order, spec §4.1) is kept.
/// </summary>
internal static class QueryRequestJson
{
    /// <summary>Writes a query's body.</summary>
    /// <param name="entries">The entries of a v2 query, as given (names and <c>prefix*</c> patterns); null for v1.</param>
    /// <param name="start">The first timestamp, inclusive; null for the entry's oldest record.</param>
    /// <param name="stop">The timestamp to stop before; null for after the entry's latest record.</param>
    /// <param name="options">Condition and flags.</param>
    public static byte[] Write(IReadOnlyList<string>? entries, ulong? start, ulong? stop, QueryOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonText.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("query_type", "QUERY");
            if (entries is not null)
            {
                writer.WriteStartArray("entries");
                foreach (string entry in entries)
                {
                    writer.WriteStringValue(entry);
                }

                writer.WriteEndArray();
            }

            if (start is { } first)
            {
                writer.WriteNumber("start", first);
            }

            if (stop is { } end)
            {
                writer.WriteNumber("stop", end);
            }

            writer.WriteNumber("ttl", (ulong)Math.Ceiling(options.EffectiveTtl.TotalSeconds));
            if (options.MetadataOnly)
            {
                writer.WriteBoolean("only_metadata", true);
            }

            if (options.Continuous)
            {
                writer.WriteBoolean("continuous", true);
            }

            if (options.Strict)
            {
                writer.WriteBoolean("strict", true);
            }

            if (options.When is { } when)
            {
                writer.WritePropertyName("when");
                writer.WriteRawValue(when.Json, skipInputValidation: true);
            }

            if (options.Ext is { } ext)
            {
                writer.WritePropertyName("ext");
                writer.WriteRawValue(ext, skipInputValidation: false);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the id from the answer to a query's creation.</summary>
    /// <exception cref="FormatException">The answer holds no numeric <c>id</c>.</exception>
    public static ulong ReadId(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("id"u8)
                    && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out ulong id))
                {
                    return id;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException("The answer to the query is not JSON: " + ex.Message, ex);
        }

        throw new FormatException("The answer to the query has no numeric 'id'.");
    }
}
