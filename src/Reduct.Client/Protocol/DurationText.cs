using System.Globalization;

namespace Reduct.Client.Protocol;

/// <summary>
/// The server's duration text (lifecycle settings): parts of an integer and a unit (<c>us ms s m h d</c>) separated
/// by spaces and summed, such as <c>30d</c>, <c>1h 30m</c> or <c>3600s</c>. The client writes one part in the largest
/// unit that divides the value exactly, so that it reads back as the same <see cref="TimeSpan"/>.
/// </summary>
internal static class DurationText
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("d", TimeSpan.TicksPerDay),
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("us", TicksPerMicrosecond),
    ];

    /// <summary>The text of a non-negative whole number of microseconds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not a whole number of microseconds.</exception>
    public static string Format(TimeSpan value, string paramName)
    {
        if (value < TimeSpan.Zero || value.Ticks % TicksPerMicrosecond != 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "A duration for the server must be a non-negative whole number of microseconds.");
        }

        foreach (var (unit, ticks) in Units)
        {
            if (value.Ticks % ticks == 0)
            {
                return (value.Ticks / ticks).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        throw new InvalidOperationException("Unreachable: every whole number of microseconds has a unit.");
    }

    /// <summary>Reads the server's text, or false when it is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        long total = 0;
        foreach (string part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int unitStart = part.Length;
            while (unitStart > 0 && !char.IsAsciiDigit(part[unitStart - 1]))
            {
                unitStart--;
            }

            long ticks = UnitTicks(part.AsSpan(unitStart));
            if (ticks == 0 || !long.TryParse(part.AsSpan(0, unitStart), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
            {
                return false;
            }

            try
            {
                total = checked(total + checked(number * ticks));
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        value = TimeSpan.FromTicks(total);
        return true;
    }

    private static long UnitTicks(ReadOnlySpan<char> unit)
    {
        foreach (var (name, ticks) in Units)
        {
            if (unit.SequenceEqual(name))
            {
                return ticks;
            }
        }

        return 0;
    }
}
