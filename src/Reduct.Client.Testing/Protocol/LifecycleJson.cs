using System.Text.Json;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Lifecycles;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// Reads and writes the JSON of the lifecycle API: the settings body of <c>POST|PUT /lifecycles/{name}</c>, the
/// <c>{"mode":..}</c> body of <c>PATCH /lifecycles/{name}/mode</c>, and the info and settings objects the GETs answer.
/// Errors read like the real server's serde messages (<c>Invalid JSON: ... at line L column C</c>); unknown fields are
/// skipped, as serde does without <c>deny_unknown_fields</c>.
/// </summary>
internal static class LifecycleJson
{
    private const string TypeVariants = "expected `delete` or `compress`";
    private const string ModeVariants = "expected one of `enabled`, `disabled`, `dry_run`";

    /// <param name="body">The request body.</param>
    /// <param name="withProcessingInterval">Whether <c>processing_interval</c> is a field (1.21+); before, it is an unknown field and skipped.</param>
    /// <exception cref="ReductErrorException">422 <c>Invalid JSON: ...</c>.</exception>
    public static LifecycleRequest ParseSettings(ReadOnlySpan<byte> body, bool withProcessingInterval)
    {
        var reader = new Utf8JsonReader(body);
        LifecycleType? type = null;
        string? bucket = null;
        IReadOnlyList<string>? entries = null;
        string? olderThan = null;
        string? interval = null;
        JsonElement? when = null;
        LifecycleMode? mode = null;
        string? processingInterval = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            StartObject(ref reader, body, "struct LifecycleSettings");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                reader.Read();
                var known = name is "type" or "bucket" or "entries" or "older_than" or "interval" or "when" or "mode"
                    || (name == "processing_interval" && withProcessingInterval);
                if (!known)
                {
                    reader.Skip();
                    continue;
                }

                if (!seen.Add(name))
                {
                    throw Invalid(body, (int)reader.TokenStartIndex, $"duplicate field `{name}`");
                }

                switch (name)
                {
                    case "type":
                        type = ReadVariant(ref reader, body, TypeVariants) switch
                        {
                            "delete" => LifecycleType.Delete,
                            "compress" => LifecycleType.Compress,
                            var other => throw Invalid(body, (int)reader.BytesConsumed, $"unknown variant `{other}`, {TypeVariants}"),
                        };
                        break;
                    case "bucket":
                        bucket = ReadString(ref reader, body);
                        break;
                    case "entries":
                        entries = ReadStrings(ref reader, body);
                        break;
                    case "older_than":
                        olderThan = ReadString(ref reader, body);
                        break;
                    case "interval":
                        interval = ReadString(ref reader, body);
                        break;
                    case "when":
                        var value = JsonElement.ParseValue(ref reader);
                        when = value.ValueKind == JsonValueKind.Null ? null : value;
                        break;
                    case "mode":
                        mode = ReadMode(ref reader, body);
                        break;
                    default:
                        processingInterval = reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, body);
                        break;
                }
            }

            var end = (int)reader.BytesConsumed;
            EndOfBody(ref reader, body);
            return new LifecycleRequest(
                type ?? throw Missing(body, end, "type"),
                bucket ?? throw Missing(body, end, "bucket"),
                entries ?? Array.Empty<string>(),
                olderThan ?? throw Missing(body, end, "older_than"),
                interval ?? LifecycleRequest.DefaultInterval,
                when,
                mode ?? LifecycleMode.Enabled,
                processingInterval);
        }
        catch (JsonException)
        {
            throw Invalid(body, (int)Math.Min(body.Length, reader.BytesConsumed + 1), "expected value");
        }
    }

    /// <summary>The body of <c>PATCH /lifecycles/{name}/mode</c>.</summary>
    /// <exception cref="ReductErrorException">422 <c>Invalid JSON: ...</c>.</exception>
    public static LifecycleMode ParseMode(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        LifecycleMode? mode = null;
        try
        {
            StartObject(ref reader, body, "struct LifecycleModePayload");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                if (name != "mode")
                {
                    reader.Skip();
                    continue;
                }

                if (mode is not null)
                {
                    throw Invalid(body, (int)reader.TokenStartIndex, "duplicate field `mode`");
                }

                mode = ReadMode(ref reader, body);
            }

            var end = (int)reader.BytesConsumed;
            EndOfBody(ref reader, body);
            return mode ?? throw Missing(body, end, "mode");
        }
        catch (JsonException)
        {
            throw Invalid(body, (int)Math.Min(body.Length, reader.BytesConsumed + 1), "expected value");
        }
    }

    /// <summary>An entry of <c>GET /lifecycles</c> and the <c>info</c> of <c>GET /lifecycles/{name}</c>.</summary>
    public static void WriteInfo(Utf8JsonWriter writer, LifecycleView view)
    {
        writer.WriteStartObject();
        writer.WriteString("name", view.Name);
        writer.WriteBoolean("is_provisioned", false);
        writer.WriteBoolean("is_running", true);
        writer.WriteString("type", TypeName(view.Request.Type));
        writer.WriteString("mode", ModeName(view.Mode));
        if (view.LastRun is { } lastRun)
        {
            writer.WriteString("last_run", ApiJson.FormatTime(lastRun));
        }
        else
        {
            writer.WriteNull("last_run");
        }

        writer.WriteEndObject();
    }

    /// <summary>The <c>settings</c> of <c>GET /lifecycles/{name}</c>: the text given, the mode as it is now.</summary>
    public static void WriteSettings(Utf8JsonWriter writer, LifecycleView view)
    {
        var request = view.Request;
        writer.WriteStartObject();
        writer.WriteString("type", TypeName(request.Type));
        writer.WriteString("bucket", request.Bucket);
        writer.WriteStartArray("entries");
        foreach (var entry in request.Entries)
        {
            writer.WriteStringValue(entry);
        }

        writer.WriteEndArray();
        writer.WriteString("older_than", request.OlderThan);
        writer.WriteString("interval", request.Interval);
        writer.WritePropertyName("when");
        if (request.When is { } when)
        {
            when.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteString("mode", ModeName(view.Mode));
        writer.WriteEndObject();
    }

    public static string TypeName(LifecycleType type) => type == LifecycleType.Compress ? "compress" : "delete";

    public static string ModeName(LifecycleMode mode) => mode switch
    {
        LifecycleMode.Disabled => "disabled",
        LifecycleMode.DryRun => "dry_run",
        _ => "enabled",
    };

    private static void StartObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, string expected)
    {
        if (!reader.Read())
        {
            throw Invalid(body, body.Length, "EOF while parsing a value");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var found = SerdeErrorText.DescribeFound(ref reader);
            reader.Skip();
            throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {found}, expected {expected}");
        }
    }

    private static void EndOfBody(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        if (reader.Read())
        {
            throw Invalid(body, (int)reader.TokenStartIndex + 1, "trailing characters");
        }
    }

    private static LifecycleMode ReadMode(ref Utf8JsonReader reader, ReadOnlySpan<byte> body) => ReadVariant(ref reader, body, ModeVariants) switch
    {
        "enabled" => LifecycleMode.Enabled,
        "disabled" => LifecycleMode.Disabled,
        "dry_run" => LifecycleMode.DryRun,
        var other => throw Invalid(body, (int)reader.BytesConsumed, $"unknown variant `{other}`, {ModeVariants}"),
    };

    private static string ReadVariant(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, string variants)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            var found = SerdeErrorText.DescribeFound(ref reader);
            reader.Skip();
            throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {found}, expected variant identifier");
        }

        return reader.GetString()!;
    }

    private static string ReadString(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            var found = SerdeErrorText.DescribeFound(ref reader);
            reader.Skip();
            throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {found}, expected a string");
        }

        return reader.GetString()!;
    }

    private static List<string> ReadStrings(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            var found = SerdeErrorText.DescribeFound(ref reader);
            reader.Skip();
            throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {found}, expected a sequence");
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ReadString(ref reader, body));
        }

        return list;
    }

    private static ReductErrorException Missing(ReadOnlySpan<byte> body, int offset, string field) =>
        Invalid(body, offset, $"missing field `{field}`");

    private static ReductErrorException Invalid(ReadOnlySpan<byte> body, int offset, string problem) =>
        ReductErrorException.UnprocessableEntity("Invalid JSON: " + SerdeErrorText.At(body, offset, problem));
}
