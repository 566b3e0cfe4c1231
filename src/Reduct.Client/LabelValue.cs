using System.Globalization;

namespace Reduct.Client;

/// <summary>
/// A label value: text, or a number or boolean formatted with the invariant culture, so that
/// <c>0.9</c> is sent as <c>"0.9"</c> on every machine and <c>true</c> as <c>"true"</c>.
/// </summary>
public readonly struct LabelValue : IEquatable<LabelValue>
{
    /// <summary>Creates a value from text.</summary>
    public LabelValue(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _text = text;
    }

    private readonly string? _text;

    /// <summary>The value as it is sent to the server (empty for a default instance).</summary>
    public string Text => _text ?? string.Empty;

    /// <summary>Text as it is.</summary>
    public static implicit operator LabelValue(string text) => new(text);

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static implicit operator LabelValue(bool value) => new(value ? "true" : "false");

    /// <summary>Decimal digits.</summary>
    public static implicit operator LabelValue(byte value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Decimal digits, with a leading <c>-</c> when negative.</summary>
    public static implicit operator LabelValue(sbyte value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Decimal digits, with a leading <c>-</c> when negative.</summary>
    public static implicit operator LabelValue(short value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Decimal digits.</summary>
    public static implicit operator LabelValue(ushort value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Decimal digits, with a leading <c>-</c> when negative.</summary>
    public static implicit operator LabelValue(int value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Decimal digits.</summary>
    public static implicit operator LabelValue(uint value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Decimal digits, with a leading <c>-</c> when negative.</summary>
    public static implicit operator LabelValue(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Decimal digits.</summary>
    public static implicit operator LabelValue(ulong value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The shortest text that reads back as the same <see cref="Half"/> (<c>0.1</c>, <c>65500</c>), with a dot as
    /// decimal separator.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or an infinity.</exception>
    public static implicit operator LabelValue(Half value) =>
        Half.IsFinite(value) ? new(value.ToString(CultureInfo.InvariantCulture)) : throw NotFinite((double)value);

    /// <summary>
    /// The shortest text that reads back as the same <see cref="float"/> (<c>0.9f</c> gives <c>0.9</c>,
    /// <c>1E-05f</c> gives <c>1E-05</c>), with a dot as decimal separator. The value is formatted as a
    /// <see cref="float"/>, never widened to <see cref="double"/> first (which would give <c>0.8999999761581421</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or an infinity.</exception>
    public static implicit operator LabelValue(float value) =>
        float.IsFinite(value) ? new(value.ToString("R", CultureInfo.InvariantCulture)) : throw NotFinite(value);

    /// <summary>
    /// The shortest text that reads back as the same <see cref="double"/> (<c>0.9</c>, <c>1E-05</c>), with a dot
    /// as decimal separator.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or an infinity.</exception>
    public static implicit operator LabelValue(double value) =>
        double.IsFinite(value) ? new(value.ToString("R", CultureInfo.InvariantCulture)) : throw NotFinite(value);

    /// <summary>
    /// Decimal text with a dot as decimal separator, keeping the value's scale (<c>1.50m</c> gives <c>1.50</c>):
    /// every digit reads back into the same <see cref="decimal"/>.
    /// </summary>
    public static implicit operator LabelValue(decimal value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Not a conversion: a <see cref="char"/> would otherwise become the number of its code (<c>'a'</c> as
    /// <c>97</c>) through the <see cref="ushort"/> conversion. Pass <c>c.ToString()</c> for the character, or
    /// <c>(int)c</c> for its code.
    /// </summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    [Obsolete(CharMessage, error: true)]
    public static implicit operator LabelValue(char value) => throw new NotSupportedException(CharMessage);

    /// <summary>
    /// The value of label <paramref name="name"/> given as an object (from a <c>Dictionary&lt;string, object&gt;</c>),
    /// formatted exactly as the implicit conversion of its type would.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The value is null, a <see cref="char"/>, of a type that is no label value, or a number that is not finite.
    /// </exception>
    internal static LabelValue FromObject(string name, object? value, string paramName)
    {
        try
        {
            return value switch
            {
                string text => text,
                LabelValue labelValue => labelValue,
                bool flag => flag,
                byte number => number,
                sbyte number => number,
                short number => number,
                ushort number => number,
                int number => number,
                uint number => number,
                long number => number,
                ulong number => number,
                Half number => number,
                float number => number,
                double number => number,
                decimal number => number,
                null => throw new ArgumentException($"Label '{name}' has a null value; give it a value or leave the label out.", paramName),
                char => throw new ArgumentException($"Label '{name}' has a char value. {CharMessage}", paramName),
                _ => throw new ArgumentException(
                    $"Label '{name}' has a value of type {value.GetType()}, which is not a label value: give a string, a bool or a number "
                    + "(integers, Half, float, double, decimal), or format the value as a string yourself.", paramName),
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ArgumentException($"Label '{name}' must be a finite number, not {value}.", paramName);
        }
    }

    private const string CharMessage =
        "A char is not a label value: pass c.ToString() for the character or (int)c for its code.";

    // NaN and infinities have no portable text form that other ReductStore clients would read back.
    private static ArgumentOutOfRangeException NotFinite(double value) =>
        new(nameof(value), value, "A label value must be a finite number.");

    /// <inheritdoc />
    public bool Equals(LabelValue other) => string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is LabelValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Equality of the text.</summary>
    public static bool operator ==(LabelValue left, LabelValue right) => left.Equals(right);

    /// <summary>Inequality of the text.</summary>
    public static bool operator !=(LabelValue left, LabelValue right) => !left.Equals(right);
}
