using System.Globalization;

namespace Reduct.Client.Testing.Lifecycles;

/// <summary>
/// The duration text of lifecycle settings (<c>older_than</c>, <c>interval</c>): whitespace-separated parts of an
/// integer and a unit (<c>us ms s m h d</c>), summed, with the real server's messages for what it cannot read.
/// </summary>
/// <remarks>
/// As on the server, a part's digits, dots and minus signs make its number and the rest its unit, wherever they
/// stand; a fraction (<c>2.5m</c>) is not a number.
/// </remarks>
internal static class LifecycleDuration
{
    /// <summary>The total in microseconds, or the server's message (<c>Invalid duration value: abc</c>).</summary>
    public static bool TryParse(string text, out long microseconds, out string? problem)
    {
        microseconds = 0;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "Duration literal cannot be empty";
            return false;
        }

        foreach (var part in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var number = new string(part.Where(c => char.IsAsciiDigit(c) || c is '.' or '-').ToArray());
            var unit = new string(part.Where(c => !(char.IsAsciiDigit(c) || c is '.' or '-')).ToArray());
            if (!long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                problem = $"Invalid duration value: {part}";
                return false;
            }

            long size = unit switch
            {
                "us" => 1,
                "ms" => 1000,
                "s" => 1_000_000,
                "m" => 60_000_000,
                "h" => 3_600_000_000,
                "d" => 86_400_000_000,
                _ => 0,
            };
            if (size == 0)
            {
                problem = $"Invalid duration unit: {unit}";
                return false;
            }

            microseconds = unchecked(microseconds + (value * size));
        }

        return true;
    }
}
