using System.Globalization;

namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// Number text as Rust's standard library reads and prints it, which is what decides how the server types a label
/// value: <c>str::parse::&lt;i64&gt;</c>, <c>str::parse::&lt;f64&gt;</c> and <c>f64</c>'s <c>Display</c>.
/// </summary>
internal static class RustNumberText
{
    /// <summary>An optional sign and at least one ASCII digit, nothing else (no spaces), within the i64 range.</summary>
    public static bool TryParseInt64(string text, out long value)
    {
        value = 0;
        var digits = text.AsSpan();
        if (digits.Length > 0 && digits[0] is '+' or '-')
        {
            digits = digits[1..];
        }

        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// <c>[+-]</c> then <c>inf</c>, <c>infinity</c> or <c>nan</c> (any case), or digits with an optional fraction
    /// and exponent (<c>1.</c>, <c>.5</c> and <c>1e5</c> count; spaces do not).
    /// </summary>
    public static bool TryParseFloat(string text, out double value)
    {
        value = 0;
        var body = text.AsSpan();
        var negative = false;
        if (body.Length > 0 && body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }

        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        if (!IsDecimalFloat(body))
        {
            return false;
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Shortest text that reads back as the same value, never in exponent form (<c>42</c>, <c>0.1</c>, <c>1e-7</c> as <c>0.0000001</c>).</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOf('E', StringComparison.Ordinal);
        return exponentAt < 0 ? text : ExpandExponent(text, exponentAt);
    }

    private static bool IsDecimalFloat(ReadOnlySpan<char> body)
    {
        var position = 0;
        var integerDigits = CountDigits(body, ref position);
        var fractionDigits = 0;
        if (position < body.Length && body[position] == '.')
        {
            position++;
            fractionDigits = CountDigits(body, ref position);
        }

        if (integerDigits + fractionDigits == 0)
        {
            return false;
        }

        if (position < body.Length && body[position] is 'e' or 'E')
        {
            position++;
            if (position < body.Length && body[position] is '+' or '-')
            {
                position++;
            }

            if (CountDigits(body, ref position) == 0)
            {
                return false;
            }
        }

        return position == body.Length;
    }

    private static int CountDigits(ReadOnlySpan<char> body, ref int position)
    {
        var start = position;
        while (position < body.Length && char.IsAsciiDigit(body[position]))
        {
            position++;
        }

        return position - start;
    }

    private static string ExpandExponent(string text, int exponentAt)
    {
        var exponent = int.Parse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = text[..exponentAt];
        var sign = mantissa.StartsWith('-') ? "-" : string.Empty;
        mantissa = mantissa.TrimStart('-');
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var pointPosition = (point < 0 ? mantissa.Length : point) + exponent;
        if (pointPosition <= 0)
        {
            return sign + "0." + new string('0', -pointPosition) + digits;
        }

        return pointPosition >= digits.Length
            ? sign + digits + new string('0', pointPosition - digits.Length)
            : sign + digits[..pointPosition] + "." + digits[pointPosition..];
    }
}
