using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Reduct.Client.Protocol;

/// <summary>
/// The wire form of replication tasks (read reference §9.1): the settings body of create and update, built for the
/// server's version, the mode body, and the mapping of the server's settings JSON to <see cref="ReplicationSettings"/>.
/// </summary>
internal static class ReplicationMessages
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The settings as JSON: the required fields and <c>entries</c> always, the others only when set, so that a server
    /// that does not know a field is never sent one. <c>when</c> goes as its JSON text, keeping its key order.
    /// </summary>
    public static byte[] EncodeSettings(ReplicationSettings settings)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("src_bucket", settings.SourceBucket);
            writer.WriteString("dst_bucket", settings.DestinationBucket);
            writer.WriteString("dst_host", settings.DestinationHost);
            if (settings.DestinationToken is { } token)
            {
                writer.WriteString("dst_token", token);
            }

            writer.WriteStartArray("entries");
            foreach (string entry in settings.Entries)
            {
                writer.WriteStringValue(entry);
            }

            writer.WriteEndArray();
#pragma warning disable CS0618 // The legacy filters go to the servers that still have them; the caller checked the version.
            WriteLabels(writer, "include", settings.Include);
            WriteLabels(writer, "exclude", settings.Exclude);
            if (settings.EachN is { } eachN)
            {
                writer.WriteNumber("each_n", eachN);
            }

            if (settings.EachS is { } eachS)
            {
                writer.WriteNumber("each_s", eachS);
            }
#pragma warning restore CS0618

            if (settings.When is { } when)
            {
                writer.WritePropertyName("when");
                writer.WriteRawValue(when.Json, skipInputValidation: true);
            }

            if (settings.Mode is { } mode)
            {
                writer.WriteString("mode", ReplicationModeJsonConverter.ToWire(mode));
            }

            if (settings.DestinationPrefix is { } prefix)
            {
                writer.WriteString("dst_prefix", prefix);
            }

            if (settings.Compression is { } compression)
            {
                writer.WriteString("compression", ReplicationCompressionJsonConverter.ToWire(compression));
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{"mode":"..."}</c>.</summary>
    public static byte[] EncodeMode(ReplicationMode mode) =>
        System.Text.Encoding.UTF8.GetBytes("{\"mode\":\"" + ReplicationModeJsonConverter.ToWire(mode) + "\"}");

    /// <summary>The public settings of what the server returned; the destination token stays null.</summary>
    public static ReplicationSettings ToSettings(ReplicationSettingsJson wire)
    {
        var settings = new ReplicationSettings
        {
            SourceBucket = wire.SrcBucket ?? string.Empty,
            DestinationBucket = wire.DstBucket ?? string.Empty,
            DestinationHost = wire.DstHost ?? string.Empty,
            Entries = wire.Entries ?? [],
            When = wire.When is { ValueKind: JsonValueKind.Object } when ? Condition.FromJson(when.GetRawText()) : null,
            Mode = wire.Mode,
            DestinationPrefix = wire.DstPrefix,
            Compression = wire.Compression,
        };
#pragma warning disable CS0618 // Read back as the server has them.
        settings.Include = wire.Include;
        settings.Exclude = wire.Exclude;
        settings.EachN = wire.EachN;
        settings.EachS = wire.EachS;
#pragma warning restore CS0618
        return settings;
    }

    private static void WriteLabels(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is not { Count: > 0 })
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (KeyValuePair<string, string> label in labels)
        {
            writer.WriteString(label.Key, label.Value);
        }

        writer.WriteEndObject();
    }
}

/// <summary>The settings object as the server returns it, every version's fields.</summary>
internal sealed class ReplicationSettingsJson
{
    public string? SrcBucket { get; init; }

    public string? DstBucket { get; init; }

    public string? DstHost { get; init; }

    public List<string>? Entries { get; init; }

    public Dictionary<string, string>? Include { get; init; }

    public Dictionary<string, string>? Exclude { get; init; }

    public ulong? EachN { get; init; }

    public double? EachS { get; init; }

    public JsonElement? When { get; init; }

    public ReplicationMode? Mode { get; init; }

    public string? DstPrefix { get; init; }

    public ReplicationCompression? Compression { get; init; }
}

/// <summary>The body of <c>GET /api/v1/replications/{name}</c>.</summary>
internal sealed class FullReplicationInfoJson
{
    public ReplicationInfo? Info { get; init; }

    public ReplicationSettingsJson? Settings { get; init; }

    public ReplicationDiagnostics? Diagnostics { get; init; }
}

/// <summary>The body of <c>GET /api/v1/replications</c>.</summary>
internal sealed class ReplicationListJson
{
    public List<ReplicationInfo> Replications { get; init; } = [];
}
