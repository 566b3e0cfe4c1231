using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Reduct.Client.Protocol;

/// <summary>
/// The wire form of the lifecycle API (read-side spec §9.2): the checks the server would make, made before sending
/// (with the meaning of its 422 texts), the settings body, the mode body, and the answers of the two GETs.
/// </summary>
internal static class LifecycleMessages
{
    /// <summary>The server's shortest interval between two runs.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(10);

    /// <summary>Checks a policy name: it is a path segment, so it must not be empty.</summary>
    public static void ValidateName(string? name, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, paramName);
    }

    /// <summary>Checks settings as the server would (and what the server cannot take), then returns the body to send.</summary>
    /// <exception cref="ArgumentException">A setting is not allowed (the message names it).</exception>
    public static byte[] EncodeSettings(LifecycleSettings? settings, string paramName)
    {
        ArgumentNullException.ThrowIfNull(settings, paramName);
        if (!Enum.IsDefined(settings.Type))
        {
            throw new ArgumentException($"LifecycleSettings.Type {(int)settings.Type} is not a lifecycle type.", paramName);
        }

        if (settings.Mode is { } mode && !Enum.IsDefined(mode))
        {
            throw new ArgumentException($"LifecycleSettings.Mode {(int)mode} is not a lifecycle mode.", paramName);
        }

        try
        {
            NameRules.ValidateBucketName(settings.Bucket, paramName);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException("LifecycleSettings.Bucket: " + ex.Message, paramName, ex);
        }

        ArgumentNullException.ThrowIfNull(settings.Entries, paramName);
        foreach (string? entry in settings.Entries)
        {
            if (string.IsNullOrEmpty(entry))
            {
                throw new ArgumentException("LifecycleSettings.Entries must not hold a null or empty name.", paramName);
            }
        }

        string olderThan = DurationText.Format(settings.OlderThan, paramName);
        string? interval = null;
        if (settings.Interval is { } every)
        {
            if (every < MinimumInterval)
            {
                throw new ArgumentOutOfRangeException(paramName, every, "LifecycleSettings.Interval must be at least 10 minutes: the server refuses a shorter one.");
            }

            interval = DurationText.Format(every, paramName);
        }

        string? processingInterval = null;
        if (settings.ProcessingInterval is { } processing)
        {
            if (processing <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(paramName, processing, "LifecycleSettings.ProcessingInterval must be positive.");
            }

            processingInterval = DurationText.Format(processing, paramName);
        }

        if (settings.When is not null && settings.Type == LifecycleType.Compress)
        {
            throw new ArgumentException("LifecycleSettings.When is for delete policies only: the server refuses a condition on a compress policy.", paramName);
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", TypeName(settings.Type));
            writer.WriteString("bucket", settings.Bucket);
            writer.WriteStartArray("entries");
            foreach (string entry in settings.Entries)
            {
                writer.WriteStringValue(entry);
            }

            writer.WriteEndArray();
            writer.WriteString("older_than", olderThan);
            if (interval is not null)
            {
                writer.WriteString("interval", interval);
            }

            if (settings.When is { } when)
            {
                // The condition's own text, so that its key order (which the server evaluates in) is kept.
                writer.WritePropertyName("when");
                writer.WriteRawValue(when.Json, skipInputValidation: true);
            }

            if (settings.Mode is { } startMode)
            {
                writer.WriteString("mode", ModeName(startMode));
            }

            if (processingInterval is not null)
            {
                writer.WriteString("processing_interval", processingInterval);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The body of <c>PATCH /lifecycles/{name}/mode</c>.</summary>
    /// <exception cref="ArgumentException">Not a lifecycle mode.</exception>
    public static byte[] EncodeMode(LifecycleMode mode, string paramName)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentException($"{(int)mode} is not a lifecycle mode.", paramName);
        }

        return System.Text.Encoding.UTF8.GetBytes($"{{\"mode\":\"{ModeName(mode)}\"}}");
    }

    /// <summary>The <c>lifecycles</c> of <c>GET /lifecycles</c>.</summary>
    /// <exception cref="JsonException">The answer is not of the lifecycle API's shape.</exception>
    public static List<LifecycleInfo> ReadList(JsonElement root)
    {
        var list = new List<LifecycleInfo>();
        foreach (JsonElement item in Property(root, "lifecycles").EnumerateArray())
        {
            list.Add(ReadInfo(item));
        }

        return list;
    }

    /// <summary>The answer of <c>GET /lifecycles/{name}</c>.</summary>
    /// <exception cref="JsonException">The answer is not of the lifecycle API's shape.</exception>
    public static FullLifecycleInfo ReadFull(JsonElement root) => new()
    {
        Info = ReadInfo(Property(root, "info")),
        Settings = ReadSettings(Property(root, "settings")),
    };

    private static LifecycleInfo ReadInfo(JsonElement info) => new()
    {
        Name = Property(info, "name").GetString() ?? throw new JsonException("A lifecycle has no name."),
        IsProvisioned = info.TryGetProperty("is_provisioned", out JsonElement provisioned) && provisioned.GetBoolean(),
        IsRunning = info.TryGetProperty("is_running", out JsonElement running) && running.GetBoolean(),
        Type = info.TryGetProperty("type", out JsonElement type) ? ParseType(type.GetString()) : LifecycleType.Delete,
        Mode = info.TryGetProperty("mode", out JsonElement mode) ? ParseMode(mode.GetString()) : LifecycleMode.Enabled,
        LastRun = info.TryGetProperty("last_run", out JsonElement lastRun) && lastRun.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(lastRun.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null,
    };

    private static LifecycleSettings ReadSettings(JsonElement settings)
    {
        var entries = new List<string>();
        if (settings.TryGetProperty("entries", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement entry in list.EnumerateArray())
            {
                entries.Add(entry.GetString() ?? throw new JsonException("A lifecycle entry is null."));
            }
        }

        return new LifecycleSettings
        {
            Type = ParseType(Property(settings, "type").GetString()),
            Bucket = Property(settings, "bucket").GetString() ?? throw new JsonException("A lifecycle has no bucket."),
            Entries = entries,
            OlderThan = Duration(Property(settings, "older_than"), "older_than"),
            Interval = settings.TryGetProperty("interval", out JsonElement interval) && interval.ValueKind == JsonValueKind.String ? Duration(interval, "interval") : null,
            When = settings.TryGetProperty("when", out JsonElement when) && when.ValueKind == JsonValueKind.Object ? Condition.FromJson(when.GetRawText()) : null,
            Mode = settings.TryGetProperty("mode", out JsonElement mode) ? ParseMode(mode.GetString()) : null,
            ProcessingInterval = settings.TryGetProperty("processing_interval", out JsonElement processing) && processing.ValueKind == JsonValueKind.String
                ? Duration(processing, "processing_interval")
                : null,
        };
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value)
            ? value
            : throw new JsonException($"The field '{name}' is missing.");

    private static TimeSpan Duration(JsonElement value, string name) =>
        DurationText.TryParse(value.GetString(), out TimeSpan duration)
            ? duration
            : throw new JsonException($"The {name} '{value}' is not a duration.");

    private static string TypeName(LifecycleType type) => type == LifecycleType.Compress ? "compress" : "delete";

    private static string ModeName(LifecycleMode mode) => mode switch
    {
        LifecycleMode.Disabled => "disabled",
        LifecycleMode.DryRun => "dry_run",
        _ => "enabled",
    };

    private static LifecycleType ParseType(string? text) => text switch
    {
        "delete" => LifecycleType.Delete,
        "compress" => LifecycleType.Compress,
        _ => throw new JsonException($"Unknown lifecycle type '{text}'."),
    };

    private static LifecycleMode ParseMode(string? text) => text switch
    {
        "enabled" => LifecycleMode.Enabled,
        "disabled" => LifecycleMode.Disabled,
        "dry_run" => LifecycleMode.DryRun,
        _ => throw new JsonException($"Unknown lifecycle mode '{text}'."),
    };
}
