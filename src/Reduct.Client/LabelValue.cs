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
    public static implicit operator LabelValue(int value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Decimal digits.</summary>
    public static implicit operator LabelValue(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Decimal digits.</summary>
    public static implicit operator LabelValue(ulong value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The shortest text that round-trips (<c>0.9</c>, <c>1E-05</c>), with a dot as decimal separator.</summary>
    public static implicit operator LabelValue(double value) => new(FormatFinite(value));

    /// <summary>The shortest text that round-trips, with a dot as decimal separator.</summary>
    public static implicit operator LabelValue(float value) => new(FormatFinite(value));

    /// <summary>Decimal text with a dot as decimal separator.</summary>
    public static implicit operator LabelValue(decimal value) => new(value.ToString(CultureInfo.InvariantCulture));

    private static string FormatFinite(double value)
    {
        if (!double.IsFinite(value))
        {
            // NaN and infinities have no portable text form that other ReductStore clients would read back.
            throw new ArgumentOutOfRangeException(nameof(value), value, "A label value must be a finite number.");
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

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
