using System.Globalization;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// A value in a <c>when</c> condition: a constant, a label value or an operator's result. Booleans, integers,
/// floats and durations compare numerically with each other; strings compare only with strings.
/// </summary>
internal readonly struct ConditionValue
{
    private readonly long _integer;
    private readonly double _float;
    private readonly string? _string;

    private ConditionValue(ConditionValueKind kind, long integer, double number, string? text)
    {
        Kind = kind;
        _integer = integer;
        _float = number;
        _string = text;
    }

    public ConditionValueKind Kind { get; }

    public bool IsString => Kind == ConditionValueKind.String;

    public bool IsDuration => Kind == ConditionValueKind.Duration;

    public static ConditionValue Bool(bool value) => new(ConditionValueKind.Bool, value ? 1 : 0, 0, null);

    public static ConditionValue Int(long value) => new(ConditionValueKind.Int, value, 0, null);

    public static ConditionValue Float(double value) => new(ConditionValueKind.Float, 0, value, null);

    public static ConditionValue String(string value) => new(ConditionValueKind.String, 0, 0, value);

    /// <summary>A duration in microseconds.</summary>
    public static ConditionValue Duration(long microseconds) => new(ConditionValueKind.Duration, microseconds, 0, null);

    /// <summary>
    /// Types a label value on the fly, as the server does: <c>true</c>/<c>false</c>, else a 64-bit integer, else a
    /// float, else the text itself.
    /// </summary>
    public static ConditionValue FromLabel(string text)
    {
        if (text is "true" or "false")
        {
            return Bool(text == "true");
        }

        if (RustNumberText.TryParseInt64(text, out var integer))
        {
            return Int(integer);
        }

        return RustNumberText.TryParseFloat(text, out var number) ? Float(number) : String(text);
    }

    public bool AsBool() => Kind switch
    {
        ConditionValueKind.Float => _float != 0.0,
        ConditionValueKind.String => _string!.Length > 0,
        _ => _integer != 0,
    };

    /// <exception cref="ReductErrorException">422 for a string that is not an integer.</exception>
    public long AsInt() => Kind switch
    {
        ConditionValueKind.Float => SaturatingToInt64(_float),
        ConditionValueKind.String => RustNumberText.TryParseInt64(_string!, out var value)
            ? value
            : throw ReductErrorException.UnprocessableEntity($"Value '{_string}' could not be parsed as integer"),
        _ => _integer,
    };

    /// <exception cref="ReductErrorException">422 for a string that is not a number.</exception>
    public double AsFloat() => Kind switch
    {
        ConditionValueKind.Float => _float,
        ConditionValueKind.String => RustNumberText.TryParseFloat(_string!, out var value)
            ? value
            : throw ReductErrorException.UnprocessableEntity($"Value '{_string}' could not be parsed as float"),
        _ => _integer,
    };

    /// <summary>Equality across types: numbers with numbers, strings with strings; a string never equals a number.</summary>
    public static bool AreEqual(ConditionValue left, ConditionValue right)
    {
        if (left.IsString || right.IsString)
        {
            return left.IsString && right.IsString && string.Equals(left._string, right._string, StringComparison.Ordinal);
        }

        if (left.Kind == ConditionValueKind.Float || right.Kind == ConditionValueKind.Float)
        {
            return left.AsNumber() == right.AsNumber();
        }

        return left._integer == right._integer;
    }

    /// <summary>The order of two values, or null when they cannot be ordered (string and number, or NaN).</summary>
    public static int? Compare(ConditionValue left, ConditionValue right)
    {
        if (left.IsString || right.IsString)
        {
            return left.IsString && right.IsString ? Math.Sign(string.CompareOrdinal(left._string, right._string)) : null;
        }

        if (left.Kind == ConditionValueKind.Float || right.Kind == ConditionValueKind.Float)
        {
            var a = left.AsNumber();
            var b = right.AsNumber();
            return double.IsNaN(a) || double.IsNaN(b) ? null : a.CompareTo(b);
        }

        return left._integer.CompareTo(right._integer);
    }

    /// <summary>The text form the server prints (Rust's <c>Display</c>): <c>42</c> for the float 42.0, <c>1h 30m</c> for a duration.</summary>
    public override string ToString() => Kind switch
    {
        ConditionValueKind.Bool => _integer != 0 ? "true" : "false",
        ConditionValueKind.Int => _integer.ToString(CultureInfo.InvariantCulture),
        ConditionValueKind.Float => RustNumberText.FormatFloat(_float),
        ConditionValueKind.Duration => DurationLiteral.Format(_integer),
        _ => _string!,
    };

    private double AsNumber() => Kind == ConditionValueKind.Float ? _float : _integer;

    /// <summary>Rust's <c>as i64</c>: truncates, saturates at the range ends, and gives 0 for NaN.</summary>
    private static long SaturatingToInt64(double value) =>
        double.IsNaN(value) ? 0
        : value >= long.MaxValue ? long.MaxValue
        : value <= long.MinValue ? long.MinValue
        : (long)value;
}
