using System.Text.Json;
using System.Text.RegularExpressions;

namespace Reduct.Client;

/// <summary>
/// A constant in a <see cref="Condition"/>: an integer, a floating-point number, a boolean or a string, written as
/// the JSON value of that type. The server types label values the same way (<c>true</c>/<c>false</c>, then
/// integer, then float, else string) and compares a number with a string as never equal, so <c>7</c> and
/// <c>"7"</c> are different constants.
/// </summary>
public readonly partial struct ConditionValue : IEquatable<ConditionValue>
{
    private readonly object _value;

    private ConditionValue(object value) => _value = value;

    /// <summary>An integer constant.</summary>
    public static implicit operator ConditionValue(long value) => new(value);

    /// <summary>An integer constant (an integer literal's own type, so that it converts without ambiguity).</summary>
    public static implicit operator ConditionValue(int value) => new((long)value);

    /// <summary>An integer constant.</summary>
    public static implicit operator ConditionValue(uint value) => new((long)value);

    /// <summary>An integer constant; above <see cref="long.MaxValue"/> it is refused (the server reads 64-bit signed integers).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is above <see cref="long.MaxValue"/>.</exception>
    public static implicit operator ConditionValue(ulong value) => value <= long.MaxValue
        ? new((long)value)
        : throw new ArgumentOutOfRangeException(nameof(value), value, "Condition integers are 64-bit signed: at most 9223372036854775807.");

    /// <summary>A floating-point constant; NaN and infinities are refused (JSON has no such numbers).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public static implicit operator ConditionValue(double value) => double.IsFinite(value)
        ? new(value)
        : throw new ArgumentOutOfRangeException(nameof(value), value, "A condition number must be finite.");

    /// <summary>A boolean constant.</summary>
    public static implicit operator ConditionValue(bool value) => new(value);

    /// <summary>
    /// A string constant. Refused when the server would read it as something else: a text that starts with
    /// <c>&amp;</c>, <c>@</c> or <c>$</c> (a reference) or that reads as a duration such as <c>5s</c> or <c>1h 30m</c>.
    /// Write such conditions as JSON with <see cref="Condition.FromJson(string)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The text would not be read as a string constant.</exception>
    public static implicit operator ConditionValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '&' or '@' or '$')
        {
            throw new ArgumentException(
                $"The string '{value}' starts with '{value[0]}', which the server reads as a reference, not a constant; write the condition as JSON (Condition.FromJson).",
                nameof(value));
        }

        if (DurationLiteral().IsMatch(value))
        {
            throw new ArgumentException(
                $"The string '{value}' reads as a duration on the server, not as a string constant; write the condition as JSON (Condition.FromJson).",
                nameof(value));
        }

        return new(value);
    }

    /// <summary>Writes the constant as its JSON value.</summary>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        switch (_value)
        {
            case long integer:
                writer.WriteNumberValue(integer);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            default:
                throw new InvalidOperationException("A default ConditionValue holds no constant; use one of its conversions.");
        }
    }

    /// <inheritdoc/>
    public bool Equals(ConditionValue other) => Equals(_value, other._value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ConditionValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value?.GetHashCode() ?? 0;

    /// <summary>The constant as JSON would show it.</summary>
    public override string ToString()
    {
        if (_value is null)
        {
            return string.Empty;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(32);
        using (var writer = new Utf8JsonWriter(buffer, Protocol.JsonText.WriterOptions))
        {
            WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Compares two constants.</summary>
    public static bool operator ==(ConditionValue left, ConditionValue right) => left.Equals(right);

    /// <summary>Compares two constants.</summary>
    public static bool operator !=(ConditionValue left, ConditionValue right) => !left.Equals(right);

    // The server's duration literal (spec §4.3): whitespace-separated <integer><unit> parts.
    [GeneratedRegex(@"^\s*-?\d+(us|ms|s|m|h|d)(\s+-?\d+(us|ms|s|m|h|d))*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationLiteral();
}
