using System.Collections.Concurrent;
using System.Globalization;

namespace Reduct.Client.Protocol;

/// <summary>
/// Reuses the strings of the most common batch headers, so that a steady stream of records costs no string
/// allocation: HTTP headers must be strings, but a periodic sensor produces the same few lengths and the same
/// time deltas (<c>x-reduct-0-1000</c>, <c>x-reduct-0-2000</c>, ...) in every request.
/// </summary>
internal static class HeaderTextCache
{
    private const int MaxCachedLength = 4096;
    private const int MaxCachedNames = 65_536;

    private static readonly string?[] LengthTexts = new string?[MaxCachedLength];
    private static readonly ConcurrentDictionary<(int EntryIndex, ulong Delta), string> RecordHeaderNames = new();

    /// <summary>The decimal text of a record length.</summary>
    public static string Length(int length)
    {
        if ((uint)length >= MaxCachedLength)
        {
            return length.ToString(CultureInfo.InvariantCulture);
        }

        return LengthTexts[length] ??= length.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The v2 record header name <c>x-reduct-&lt;entry index&gt;-&lt;delta&gt;</c>.</summary>
    public static string RecordHeaderName(int entryIndex, ulong delta)
    {
        if (RecordHeaderNames.TryGetValue((entryIndex, delta), out string? name))
        {
            return name;
        }

        name = string.Create(CultureInfo.InvariantCulture, $"x-reduct-{entryIndex}-{delta}");

        // Bounded: irregular timestamps would otherwise grow the cache without end.
        if (RecordHeaderNames.Count < MaxCachedNames)
        {
            RecordHeaderNames.TryAdd((entryIndex, delta), name);
        }

        return name;
    }
}
