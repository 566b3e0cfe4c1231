using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reduct.Client;

/// <summary>
/// A query condition (the server's <c>when</c>, spec §4): JSON text kept exactly as given, so that the order of its
/// keys, which the server evaluates left to right, is preserved. Write it as JSON (<see cref="FromJson(string)"/>,
/// <see cref="FromJsonNode(JsonNode)"/>) or build it from the core operators, which cannot produce invalid JSON:
/// <code>Condition.Label("score").GreaterThan(10) &amp; Condition.Label("kind").Equal("hit") &amp; Condition.Limit(100)</code>
/// </summary>
/// <remarks>
/// A missing label makes a record not match, unless the query is <see cref="QueryOptions.Strict"/>, where it fails
/// the query. Stateful operators (<see cref="Limit"/>, <see cref="EachN"/>, <see cref="EachT"/>) count per entry in
/// a query over several entries.
/// </remarks>
public sealed class Condition
{
    private Condition(string json) => Json = json;

    /// <summary>The condition as the JSON text sent to the server.</summary>
    public string Json { get; }

    /// <summary>A condition written as JSON: an object whose members the server ANDs in order.</summary>
    /// <param name="json">The JSON text, kept as it is.</param>
    /// <exception cref="ArgumentException">The text is not a JSON object.</exception>
    public static Condition FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException(
                    $"A condition is a JSON object (such as {{\"&score\":{{\"$gt\":10}}}}), not a {document.RootElement.ValueKind}.", nameof(json));
            }

            ThrowIfIntegerTooLarge(document.RootElement, nameof(json));
        }
        catch (JsonException ex)
        {
            throw new ArgumentException("The condition is not valid JSON: " + ex.Message, nameof(json), ex);
        }

        return new Condition(json);
    }

    /// <summary>A condition given as a JSON object node; its members keep their order.</summary>
    /// <exception cref="ArgumentException">The node is not a JSON object.</exception>
    public static Condition FromJsonNode(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node is not JsonObject)
        {
            throw new ArgumentException($"A condition is a JSON object, not a {node.GetValueKind()}.", nameof(node));
        }

        return FromJson(node.ToJsonString(Protocol.JsonText.NodeOptions));
    }

    /// <summary>Starts a condition on a label of the record (the server's <c>&amp;name</c>).</summary>
    /// <exception cref="ArgumentException">The name is not a valid label name.</exception>
    public static LabelCondition Label(string name)
    {
        Protocol.NameRules.ValidateLabelName(name, nameof(name));
        return new LabelCondition("&" + name);
    }

    /// <summary>True when every condition is true, evaluated in order (<c>$and</c>).</summary>
    public static Condition And(params Condition[] conditions) => Combine("$and", conditions);

    /// <summary>True when any condition is true, evaluated in order (<c>$or</c>).</summary>
    public static Condition Or(params Condition[] conditions) => Combine("$or", conditions);

    /// <summary>True when none of the conditions is true (<c>$not</c>).</summary>
    public static Condition Not(params Condition[] conditions) => Combine("$not", conditions);

    /// <summary>True when the record has every one of the labels (<c>$exists</c>, API 1.14+).</summary>
    /// <exception cref="ArgumentException">No names, or a name that is not a valid label name.</exception>
    public static Condition HasLabels(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Length == 0)
        {
            throw new ArgumentException("Name at least one label.", nameof(names));
        }

        foreach (string name in names)
        {
            Protocol.NameRules.ValidateLabelName(name, nameof(names));
        }

        return Write(writer =>
        {
            writer.WriteStartArray("$exists");
            foreach (string name in names)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>
    /// True for the first <paramref name="count"/> records that reach it, after which the query stops scanning
    /// (<c>$limit</c>, API 1.15+). Place it last to count only records that met the conditions before it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static Condition Limit(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Write(writer => writer.WriteNumber("$limit", count));
    }

    /// <summary>True for every <paramref name="n"/>-th record that reaches it: the n-th, 2n-th, ... (<c>$each_n</c>, API 1.15+).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    public static Condition EachN(long n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return Write(writer => writer.WriteNumber("$each_n", n));
    }

    /// <summary>
    /// True for a record at least <paramref name="interval"/> after the last one kept (<c>$each_t</c>, API 1.15+).
    /// The first record that reaches it only starts the clock and is not returned.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public static Condition EachT(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Write(writer => writer.WriteNumber("$each_t", interval.TotalSeconds));
    }

    /// <summary>Both conditions, in this order.</summary>
    public static Condition operator &(Condition left, Condition right) => And(left, right);

    /// <summary>Either condition.</summary>
    public static Condition operator |(Condition left, Condition right) => Or(left, right);

    /// <summary>The opposite of the condition.</summary>
    public static Condition operator !(Condition condition) => Not(condition);

    /// <summary>The condition's JSON text.</summary>
    public override string ToString() => Json;

    /// <summary>Builds a one-member condition object with the writer.</summary>
    internal static Condition Write(Action<Utf8JsonWriter> writeMember)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, Protocol.JsonText.WriterOptions))
        {
            writer.WriteStartObject();
            writeMember(writer);
            writer.WriteEndObject();
        }

        return new Condition(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>
    /// Refuses an integer above <see cref="long.MaxValue"/>: the server reads condition integers as 64-bit signed, and
    /// ReductStore 1.20 stops its whole process on a larger one (read reference §4.2, §12).
    /// </summary>
    private static void ThrowIfIntegerTooLarge(JsonElement element, string paramName)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty member in element.EnumerateObject())
                {
                    ThrowIfIntegerTooLarge(member.Value, paramName);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    ThrowIfIntegerTooLarge(item, paramName);
                }

                break;
            case JsonValueKind.Number when !element.TryGetInt64(out _) && element.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') < 0:
                throw new ArgumentException(
                    $"The condition holds the integer {element.GetRawText()}, above 9223372036854775807: the server reads 64-bit signed integers (and ReductStore 1.20 crashes on larger ones).",
                    paramName);
        }
    }

    private static Condition Combine(string op, Condition[] conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        if (conditions.Length == 0)
        {
            throw new ArgumentException("Give at least one condition.", nameof(conditions));
        }

        foreach (Condition condition in conditions)
        {
            ArgumentNullException.ThrowIfNull(condition, nameof(conditions));
        }

        // Nested as they are: merging members into one object would let a repeated key replace the earlier one.
        return Write(writer =>
        {
            writer.WriteStartArray(op);
            foreach (Condition condition in conditions)
            {
                writer.WriteRawValue(condition.Json, skipInputValidation: true);
            }

            writer.WriteEndArray();
        });
    }
}
