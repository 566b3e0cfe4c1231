namespace Reduct.Client;

/// <summary>
/// The comparisons that make a <see cref="Condition"/> on one label; get one from <see cref="Condition.Label(string)"/>.
/// The server compares numbers with numbers and strings with strings: a label <c>7</c> never equals the string
/// <c>"7"</c>, and a number never orders against a string.
/// </summary>
public sealed class LabelCondition
{
    private readonly string _reference;

    internal LabelCondition(string reference) => _reference = reference;

    /// <summary>The label equals the value (<c>$eq</c>).</summary>
    public Condition Equal(ConditionValue value) => Compare("$eq", value);

    /// <summary>The label differs from the value, or has another type (<c>$ne</c>).</summary>
    public Condition NotEqual(ConditionValue value) => Compare("$ne", value);

    /// <summary>The label is greater than the value (<c>$gt</c>).</summary>
    public Condition GreaterThan(ConditionValue value) => Compare("$gt", value);

    /// <summary>The label is greater than or equal to the value (<c>$gte</c>).</summary>
    public Condition GreaterThanOrEqual(ConditionValue value) => Compare("$gte", value);

    /// <summary>The label is less than the value (<c>$lt</c>).</summary>
    public Condition LessThan(ConditionValue value) => Compare("$lt", value);

    /// <summary>The label is less than or equal to the value (<c>$lte</c>).</summary>
    public Condition LessThanOrEqual(ConditionValue value) => Compare("$lte", value);

    /// <summary>The label equals one of the values (<c>$in</c>, API 1.14+).</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public Condition In(params ConditionValue[] values) => Among("$in", values);

    /// <summary>The label equals none of the values (<c>$nin</c>, API 1.14+).</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public Condition NotIn(params ConditionValue[] values) => Among("$nin", values);

    /// <summary>The label reference as the server reads it.</summary>
    public override string ToString() => _reference;

    private Condition Compare(string op, ConditionValue value) => Condition.Write(writer =>
    {
        writer.WriteStartObject(_reference);
        writer.WritePropertyName(op);
        value.WriteTo(writer);
        writer.WriteEndObject();
    });

    private Condition Among(string op, ConditionValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            throw new ArgumentException("Give at least one value.", nameof(values));
        }

        // Array notation: the server refuses an array inside object notation ({"&n":{"$in":[1,2]}}).
        return Condition.Write(writer =>
        {
            writer.WriteStartArray(op);
            writer.WriteStringValue(_reference);
            foreach (ConditionValue value in values)
            {
                value.WriteTo(writer);
            }

            writer.WriteEndArray();
        });
    }
}
