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
            WriteEntries(writer, entries);

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

    /// <summary>Writes the body of a removal query: the records of the range that meet the condition are removed at once.</summary>
    /// <param name="entries">The entries of a v2 removal, as given; null for v1.</param>
    /// <param name="start">The first timestamp, inclusive.</param>
    /// <param name="stop">The timestamp to stop before.</param>
    /// <param name="when">The condition, or null for every record of the range.</param>
    /// <param name="strict">True to fail on a record the condition cannot be evaluated on.</param>
    public static byte[] WriteRemoval(IReadOnlyList<string>? entries, ulong start, ulong stop, Condition? when, bool strict)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, JsonText.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("query_type", "REMOVE");
            WriteEntries(writer, entries);
            writer.WriteNumber("start", start);
            writer.WriteNumber("stop", stop);
            if (strict)
            {
                writer.WriteBoolean("strict", true);
            }

            if (when is not null)
            {
                writer.WritePropertyName("when");
                writer.WriteRawValue(when.Json, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads how many records a removal query removed (<c>{"removed_records":N}</c>).</summary>
    /// <exception cref="FormatException">The answer holds no numeric <c>removed_records</c>.</exception>
    public static ulong ReadRemovedCount(ReadOnlySpan<byte> json) => ReadNumber(json, "removed_records"u8, "removed_records");

    /// <summary>Reads the id from the answer to a query's creation.</summary>
    /// <exception cref="FormatException">The answer holds no numeric <c>id</c>.</exception>
    public static ulong ReadId(ReadOnlySpan<byte> json) => ReadNumber(json, "id"u8, "id");

    private static void WriteEntries(Utf8JsonWriter writer, IReadOnlyList<string>? entries)
    {
        if (entries is null)
        {
            return;
        }

        writer.WriteStartArray("entries");
        foreach (string entry in entries)
        {
            writer.WriteStringValue(entry);
        }

        writer.WriteEndArray();
    }

    private static ulong ReadNumber(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name, string displayName)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(name)
                    && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out ulong value))
                {
                    return value;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException("The answer to the query is not JSON: " + ex.Message, ex);
        }

        throw new FormatException($"The answer to the query has no numeric '{displayName}'.");
    }
}
