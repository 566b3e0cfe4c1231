using System.Globalization;
using System.Text;

namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// Duration literals of the condition language (1.16+): whitespace-separated parts <c>&lt;integer&gt;&lt;unit&gt;</c>
/// with the units <c>us ms s m h d</c>, summed. A string that is not one is an ordinary string constant.
/// </summary>
internal static class DurationLiteral
{
    private static readonly (string Unit, long Microseconds)[] Units =
    [
        ("d", 86_400_000_000),
        ("h", 3_600_000_000),
        ("m", 60_000_000),
        ("s", 1_000_000),
        ("ms", 1000),
        ("us", 1),
    ];

    /// <summary>The total in microseconds, or false when any part is not a duration.</summary>
    /// <remarks>
    /// Like the server, a part's digits, dots and minus signs form its number and the other characters its unit,
    /// wherever they stand, so <c>1s2</c> reads as 12 seconds; fractions (<c>1.5s</c>) are not numbers.
    /// </remarks>
    public static bool TryParse(string text, out long microseconds)
    {
        microseconds = 0;
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return false;
        }

        foreach (var part in parts)
        {
            var number = new StringBuilder(part.Length);
            var unit = new StringBuilder(2);
            foreach (var c in part)
            {
                (char.IsAsciiDigit(c) || c is '.' or '-' ? number : unit).Append(c);
            }

            if (!RustNumberText.TryParseInt64(number.ToString(), out var value))
            {
                return false;
            }

            var multiplier = UnitMicroseconds(unit.ToString());
            if (multiplier == 0)
            {
                return false;
            }

            microseconds = unchecked(microseconds + (value * multiplier));
        }

        return true;
    }

    /// <summary><c>1d 1h</c>, <c>23h 5us</c>, <c>0us</c>, as the server prints durations.</summary>
    public static string Format(long microseconds)
    {
        var parts = new List<string>();
        foreach (var (unit, size) in Units)
        {
            if (Magnitude(microseconds) >= (ulong)size)
            {
                var value = microseconds / size;
                parts.Add(value.ToString(CultureInfo.InvariantCulture) + unit);
                microseconds -= value * size;
            }
        }

        return parts.Count == 0 ? "0us" : string.Join(' ', parts);
    }

    private static ulong Magnitude(long value) => value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;

    private static long UnitMicroseconds(string unit)
    {
        foreach (var (name, size) in Units)
        {
            if (name == unit)
            {
                return size;
            }
        }

        return 0;
    }
}
