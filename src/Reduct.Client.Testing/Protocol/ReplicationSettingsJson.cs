using System.Text.Json;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Replication;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// Parses and writes the JSON of replication tasks (read reference §9.1): the settings body of
/// <c>POST|PUT /replications/{name}</c>, the mode body of <c>PATCH .../mode</c>, and the answers of the two GETs.
/// Errors are 422 <c>Invalid JSON: ...</c> in serde's shape; fields the emulated version does not know are
/// skipped, as serde skips unknown fields.
/// </summary>
internal static class ReplicationSettingsJson
{
    private static readonly string[] ModeNames = ["enabled", "paused", "disabled"];
    private static readonly string[] CompressionNames = ["none", "zstd", "gzip"];

    /// <summary>Reads a settings body.</summary>
    /// <exception cref="ReductErrorException">422 <c>Invalid JSON: ...</c>; 501 for a compression the reference server does not implement.</exception>
    public static ReplicationSettings Parse(byte[] body, ApiVersion version)
    {
        var reader = new Utf8JsonReader(body);
        string? source = null, destination = null, host = null, token = null, prefix = null;
        IReadOnlyList<string>? entries = null;
        IReadOnlyDictionary<string, string>? include = null, exclude = null;
        ulong? eachN = null;
        double? eachS = null;
        JsonElement? when = null;
        ReplicationMode? mode = null;
        string? compression = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            Read(ref reader, body);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {SerdeErrorText.DescribeFound(ref reader)}, expected struct ReplicationSettings");
            }

            while (true)
            {
                Read(ref reader, body);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                var name = reader.GetString()!;
                if (!seen.Add(name))
                {
                    throw Invalid(body, (int)reader.BytesConsumed, $"duplicate field `{name}`");
                }

                Read(ref reader, body);
                switch (name)
                {
                    case "src_bucket":
                        source = ReadString(ref reader, body);
                        break;
                    case "dst_bucket":
                        destination = ReadString(ref reader, body);
                        break;
                    case "dst_host":
                        host = ReadString(ref reader, body);
                        break;
                    case "dst_token":
                        token = reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, body);
                        break;
                    case "entries":
                        entries = ReadStrings(ref reader, body);
                        break;
                    case "include" when !version.IsAtLeast(1, 21):
                        include = ReadLabels(ref reader, body);
                        break;
                    case "exclude" when !version.IsAtLeast(1, 21):
                        exclude = ReadLabels(ref reader, body);
                        break;
                    case "each_n" when !version.IsAtLeast(1, 21):
                        eachN = reader.TokenType == JsonTokenType.Null ? null
                            : reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var n) ? n
                            : throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {SerdeErrorText.DescribeFound(ref reader)}, expected u64");
                        break;
                    case "each_s" when !version.IsAtLeast(1, 21):
                        eachS = reader.TokenType == JsonTokenType.Null ? null
                            : reader.TokenType == JsonTokenType.Number ? reader.GetDouble()
                            : throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {SerdeErrorText.DescribeFound(ref reader)}, expected f64");
                        break;
                    case "when":
                        var value = JsonElement.ParseValue(ref reader);
                        when = value.ValueKind == JsonValueKind.Null ? null : value.Clone();
                        break;
                    case "mode" when version.IsAtLeast(1, 18):
                        mode = (ReplicationMode)ReadVariant(ref reader, body, ModeNames);
                        break;
                    case "dst_prefix" when version.IsAtLeast(1, 21):
                        prefix = ReadString(ref reader, body);
                        break;
                    case "compression" when version.IsAtLeast(1, 21):
                        compression = CompressionNames[ReadVariant(ref reader, body, CompressionNames)];
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            var end = (int)reader.BytesConsumed;
            if (body.AsSpan(end).IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                throw Invalid(body, end + 1, "trailing characters");
            }

            string Required(string? value, string field) => value ?? throw Invalid(body, end, $"missing field `{field}`");
            var settings = new ReplicationSettings
            {
                SourceBucket = Required(source, "src_bucket"),
                DestinationBucket = Required(destination, "dst_bucket"),
                DestinationHost = Required(host, "dst_host"),
                DestinationToken = token,
                Entries = entries ?? Array.Empty<string>(),
                Include = include ?? new Dictionary<string, string>(),
                Exclude = exclude ?? new Dictionary<string, string>(),
                EachN = eachN,
                EachS = eachS,
                When = when,
                Mode = mode ?? ReplicationMode.Enabled,
                DestinationPrefix = prefix ?? string.Empty,
            };

            if (compression is not (null or "none"))
            {
                // Accepting it and sending uncompressed would hide that nothing was compressed.
                throw new ReductErrorException(StatusCodes.Status501NotImplemented, $"The reference server does not implement replication compression '{compression}'");
            }

            // Both crash a 1.20 server's filters (a remainder by zero, a zero interval); refused as queries refuse them.
            if (eachN == 0)
            {
                throw ReductErrorException.UnprocessableEntity("'each_n' must be greater than 0");
            }

            if (eachS is <= 0)
            {
                throw ReductErrorException.UnprocessableEntity("Time must be greater than 0 seconds");
            }

            return settings;
        }
        catch (JsonException exception)
        {
            throw ReductErrorException.UnprocessableEntity(
                $"Invalid JSON: expected value at line {(exception.LineNumber ?? 0) + 1} column {(exception.BytePositionInLine ?? 0) + 1}");
        }
    }

    /// <summary>Reads the body of <c>PATCH /replications/{name}/mode</c>: <c>{"mode":"enabled"|"paused"|"disabled"}</c>.</summary>
    /// <exception cref="ReductErrorException">422 <c>Invalid JSON: ...</c>.</exception>
    public static ReplicationMode ParseMode(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        ReplicationMode? mode = null;
        try
        {
            Read(ref reader, body);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {SerdeErrorText.DescribeFound(ref reader)}, expected struct ReplicationModePayload");
            }

            while (true)
            {
                Read(ref reader, body);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                var name = reader.GetString()!;
                Read(ref reader, body);
                if (name == "mode")
                {
                    mode = mode is null
                        ? (ReplicationMode)ReadVariant(ref reader, body, ModeNames)
                        : throw Invalid(body, (int)reader.BytesConsumed, "duplicate field `mode`");
                }
                else
                {
                    reader.Skip();
                }
            }

            return mode ?? throw Invalid(body, (int)reader.BytesConsumed, "missing field `mode`");
        }
        catch (JsonException exception)
        {
            throw ReductErrorException.UnprocessableEntity(
                $"Invalid JSON: expected value at line {(exception.LineNumber ?? 0) + 1} column {(exception.BytePositionInLine ?? 0) + 1}");
        }
    }

    /// <summary>The wire name of a mode.</summary>
    public static string ModeName(ReplicationMode mode) => ModeNames[(int)mode];

    /// <summary>
    /// <c>{"name","mode","is_active","is_provisioned","pending_records"}</c>; <c>mode</c> from 1.18.
    /// </summary>
    public static void WriteInfo(Utf8JsonWriter writer, ReplicationInfo info, ApiVersion version)
    {
        writer.WriteStartObject();
        writer.WriteString("name", info.Name);
        if (version.IsAtLeast(1, 18))
        {
            writer.WriteString("mode", ModeName(info.Mode));
        }

        writer.WriteBoolean("is_active", info.IsActive);
        writer.WriteBoolean("is_provisioned", false);
        writer.WriteNumber("pending_records", info.PendingRecords);
        writer.WriteEndObject();
    }

    /// <summary>The settings as the real server returns them: <c>dst_token</c> always null, the fields of the emulated version only.</summary>
    public static void WriteSettings(Utf8JsonWriter writer, ReplicationSettings settings, ReplicationMode mode, ApiVersion version)
    {
        writer.WriteStartObject();
        writer.WriteString("src_bucket", settings.SourceBucket);
        writer.WriteString("dst_bucket", settings.DestinationBucket);
        writer.WriteString("dst_host", settings.DestinationHost);
        writer.WriteNull("dst_token");
        writer.WriteStartArray("entries");
        foreach (var entry in settings.Entries)
        {
            writer.WriteStringValue(entry);
        }

        writer.WriteEndArray();
        if (version.IsAtLeast(1, 21))
        {
            writer.WriteString("dst_prefix", settings.DestinationPrefix);
            writer.WriteString("compression", "none");
        }
        else
        {
            WriteLabels(writer, "include", settings.Include);
            WriteLabels(writer, "exclude", settings.Exclude);
            WriteOptionalNumber(writer, "each_n", settings.EachN);
            if (settings.EachS is { } eachS)
            {
                writer.WriteNumber("each_s", eachS);
            }
            else
            {
                writer.WriteNull("each_s");
            }
        }

        writer.WritePropertyName("when");
        if (settings.When is { } when)
        {
            when.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }

        if (version.IsAtLeast(1, 18))
        {
            writer.WriteString("mode", ModeName(mode));
        }

        writer.WriteEndObject();
    }

    /// <summary><c>{"hourly":{"ok","errored","errors":{"&lt;status&gt;":{"count","last_message"}}}}</c>.</summary>
    public static void WriteDiagnostics(Utf8JsonWriter writer, DiagnosticsSnapshot hourly)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("hourly");
        writer.WriteNumber("ok", hourly.Ok);
        writer.WriteNumber("errored", hourly.Errored);
        writer.WriteStartObject("errors");
        foreach (var (status, error) in hourly.Errors)
        {
            writer.WriteStartObject(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteNumber("count", error.Count);
            writer.WriteString("last_message", error.LastMessage);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> labels)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in labels)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteOptionalNumber(Utf8JsonWriter writer, string name, ulong? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void Read(ref Utf8JsonReader reader, byte[] body)
    {
        if (!reader.Read())
        {
            throw Invalid(body, body.Length, "EOF while parsing a value");
        }
    }

    private static string ReadString(ref Utf8JsonReader reader, byte[] body) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {SerdeErrorText.DescribeFound(ref reader)}, expected a string");

    private static List<string> ReadStrings(ref Utf8JsonReader reader, byte[] body)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {SerdeErrorText.DescribeFound(ref reader)}, expected a sequence");
        }

        var list = new List<string>();
        while (true)
        {
            Read(ref reader, body);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }

            list.Add(ReadString(ref reader, body));
        }
    }

    private static Dictionary<string, string> ReadLabels(ref Utf8JsonReader reader, byte[] body)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {SerdeErrorText.DescribeFound(ref reader)}, expected a map");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            Read(ref reader, body);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return labels;
            }

            var name = reader.GetString()!;
            Read(ref reader, body);
            labels[name] = ReadString(ref reader, body);
        }
    }

    private static int ReadVariant(ref Utf8JsonReader reader, byte[] body, string[] names)
    {
        var expected = string.Join(", ", names.Select(n => $"`{n}`"));
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {SerdeErrorText.DescribeFound(ref reader)}, expected one of {expected}");
        }

        var text = reader.GetString()!;
        var index = Array.IndexOf(names, text);
        return index >= 0 ? index : throw Invalid(body, (int)reader.BytesConsumed, $"unknown variant `{text}`, expected one of {expected}");
    }

    private static ReductErrorException Invalid(byte[] body, int offset, string problem) =>
        ReductErrorException.UnprocessableEntity("Invalid JSON: " + SerdeErrorText.At(body, offset, problem));
}
