using System.Globalization;

namespace Reduct.Client;

/// <summary>How the result types describe themselves in <c>ToString()</c>: one line, sizes and times readable.</summary>
internal static class DescriptionText
{
    /// <summary>A record time as ISO 8601 UTC with microseconds; <c>none</c> for the 0 and <c>u64::MAX</c> that mean "no record".</summary>
    public static string Time(ReductTimestamp timestamp) =>
        timestamp.Microseconds is 0 or ulong.MaxValue ? "none" : timestamp.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Invariant digits, so that a log reads the same on every machine.</summary>
    public static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
