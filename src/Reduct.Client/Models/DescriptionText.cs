using System.Globalization;

namespace Reduct.Client;

/// <summary>How the result types describe themselves in <c>ToString()</c>: one line, sizes and times readable.</summary>
internal static class DescriptionText
{
    /// <summary>A record time as ISO 8601 UTC with microseconds; <c>none</c> for the 0 and <c>u64::MAX</c> that mean "no record".</summary>
    public static string Time(ulong microseconds)
    {
        if (microseconds == 0 || microseconds == ulong.MaxValue)
        {
            return "none";
        }

        try
        {
            return new ReductTimestamp(microseconds).ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            // Beyond the calendar's range: the raw value still says what the server sent.
            return Number(microseconds) + " µs";
        }
    }

    /// <summary>Invariant digits, so that a log reads the same on every machine.</summary>
    public static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
