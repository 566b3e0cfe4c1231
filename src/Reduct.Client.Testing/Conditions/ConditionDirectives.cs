using System.Text.Json;
using Reduct.Client.Testing.Hosting;

namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// The directives of a condition (top-level <c>#...</c> keys, 1.16+): the per-query batch limits, the labels to
/// return, and the extensions asked for. Validated when the query is created, with the server's 422 texts.
/// <c>#ctx_before</c> and <c>#ctx_after</c> are refused: the reference server does not implement them.
/// </summary>
internal sealed class ConditionDirectives
{
    public static readonly ConditionDirectives None = new();

    /// <summary><c>#batch_records</c>.</summary>
    public int? BatchRecords { get; private init; }

    /// <summary><c>#batch_size</c> in bytes.</summary>
    public long? BatchSize { get; private init; }

    /// <summary><c>#batch_metadata_size</c> in bytes.</summary>
    public long? BatchMetadataSize { get; private init; }

    /// <summary><c>#batch_timeout</c>.</summary>
    public TimeSpan? BatchTimeout { get; private init; }

    /// <summary><c>#record_timeout</c>.</summary>
    public TimeSpan? RecordTimeout { get; private init; }

    /// <summary><c>#select_labels</c>: only these labels are returned with each record.</summary>
    public IReadOnlyList<string>? SelectLabels { get; private init; }

    /// <summary>The extensions <c>#ext</c> names; the reference server has none, so any name is refused at creation.</summary>
    public IReadOnlyList<string> Extensions { get; private init; } = [];

    /// <summary>Removes the directive members from <paramref name="members"/> and validates them.</summary>
    /// <exception cref="Http.ReductErrorException">422.</exception>
    public static ConditionDirectives Take(List<KeyValuePair<string, JsonElement>> members, ApiVersion version)
    {
        var values = new Dictionary<string, List<ConditionValue>>(StringComparer.Ordinal);
        var extensions = new List<string>();
        foreach (var (key, value) in members)
        {
            if (!key.StartsWith('#'))
            {
                continue;
            }

            if (!IsKnown(key, version))
            {
                throw ConditionSyntax.Error($"Directive '{key}' is not supported");
            }

            if (key is "#ctx_before" or "#ctx_after")
            {
                throw ConditionSyntax.NotImplemented($"Directive '{key}'");
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Null:
                    throw ConditionSyntax.Error($"Directive '{key}' cannot be null");
                case JsonValueKind.Object when key == "#ext":
                    extensions.AddRange(CompactJson.Members(value).Select(m => m.Key));
                    break;
                case JsonValueKind.Object:
                    throw ConditionSyntax.Error($"Directive '{key}' cannot be an object");
                case JsonValueKind.Array:
                    values[key] = value.EnumerateArray().Select(ParseItem(key)).ToList();
                    break;
                default:
                    values[key] = [ParseItem(key)(value)];
                    break;
            }
        }

        members.RemoveAll(m => m.Key.StartsWith('#'));
        if (values.ContainsKey("#ext"))
        {
            throw ConditionSyntax.NotImplemented("Directive '#ext' with a value other than an object");
        }

        _ = Duration(values, "#io_timeout");
        return new ConditionDirectives
        {
            BatchRecords = Count(values, "#batch_records"),
            BatchSize = Size(values, "#batch_size"),
            BatchMetadataSize = Size(values, "#batch_metadata_size"),
            BatchTimeout = Duration(values, "#batch_timeout"),
            RecordTimeout = Duration(values, "#record_timeout"),
            SelectLabels = Labels(values),
            Extensions = extensions,
        };
    }

    private static bool IsKnown(string key, ApiVersion version) => key switch
    {
        "#ctx_before" or "#ctx_after" or "#select_labels" => true,
        "#ext" or "#batch_size" or "#batch_records" or "#batch_metadata_size" or "#batch_timeout" or "#record_timeout" or "#io_timeout" => version.IsAtLeast(1, 17),
        _ => false,
    };

    /// <summary>Array items must be scalars; the real server crashes on anything else, so it is refused here.</summary>
    private static Func<JsonElement, ConditionValue> ParseItem(string key) => item =>
        item.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null
            ? throw ConditionSyntax.Error($"Directive '{key}' must hold only scalar values")
            : ConditionParser.ParseDirectiveValue(item);

    /// <summary>The one value of a directive, or null when it is absent.</summary>
    private static ConditionValue? Single(Dictionary<string, List<ConditionValue>> values, string key, string kinds)
    {
        if (!values.TryGetValue(key, out var items))
        {
            return null;
        }

        return items.Count == 1 ? items[0] : throw ConditionSyntax.Error($"{key} must be a single {kinds} value");
    }

    private static int? Count(Dictionary<string, List<ConditionValue>> values, string key)
    {
        if (Single(values, key, "integer") is not { } item)
        {
            return null;
        }

        return item.Kind == ConditionValueKind.Int && item.AsInt() >= 0
            ? (int)Math.Min(item.AsInt(), int.MaxValue)
            : throw ConditionSyntax.Error($"{key} must be a positive integer");
    }

    private static long? Size(Dictionary<string, List<ConditionValue>> values, string key)
    {
        if (Single(values, key, "integer or string") is not { } item)
        {
            return null;
        }

        if (item.Kind == ConditionValueKind.Int && item.AsInt() >= 0)
        {
            return item.AsInt();
        }

        if (item.IsString)
        {
            return ByteSizeText.TryParse(item.ToString(), out var bytes, out var problem)
                ? bytes
                : throw ConditionSyntax.Error($"{key} must be a positive integer or string: {problem}");
        }

        // The real server names #batch_size here whichever size directive it was.
        throw ConditionSyntax.Error("#batch_size must be a positive integer or string representing a positive integer");
    }

    private static TimeSpan? Duration(Dictionary<string, List<ConditionValue>> values, string key)
    {
        if (Single(values, key, "integer or duration") is not { } item)
        {
            return null;
        }

        return item.Kind switch
        {
            ConditionValueKind.Int when item.AsInt() >= 0 => TimeSpan.FromSeconds(Math.Min(item.AsInt(), (long)TimeSpan.MaxValue.TotalSeconds)),
            ConditionValueKind.Duration when item.AsInt() >= 0 => TimeSpan.FromMicroseconds(item.AsInt()),
            _ => throw ConditionSyntax.Error($"{key} must be a positive integer or duration"),
        };
    }

    private static List<string>? Labels(Dictionary<string, List<ConditionValue>> values)
    {
        if (!values.TryGetValue("#select_labels", out var items))
        {
            return null;
        }

        if (items.Count == 0)
        {
            throw ConditionSyntax.Error("#select_labels must contain at least one label");
        }

        return items.All(i => i.IsString)
            ? items.Select(i => i.ToString()).ToList()
            : throw ConditionSyntax.Error("#select_labels must contain only string values");
    }
}
