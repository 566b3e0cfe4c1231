using System.Globalization;

namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// Byte sizes written as text (<c>"1MB"</c>, <c>"512 KiB"</c>), read like the <c>bytesize</c> crate the server uses:
/// decimal and binary units, case-insensitive, and its error texts in shape.
/// </summary>
internal static class ByteSizeText
{
    private static readonly Dictionary<string, double> Units = new(StringComparer.Ordinal)
    {
        ["b"] = 1,
        ["k"] = 1e3,
        ["kb"] = 1e3,
        ["m"] = 1e6,
        ["mb"] = 1e6,
        ["g"] = 1e9,
        ["gb"] = 1e9,
        ["t"] = 1e12,
        ["tb"] = 1e12,
        ["p"] = 1e15,
        ["pb"] = 1e15,
        ["ki"] = 1024d,
        ["kib"] = 1024d,
        ["mi"] = 1024d * 1024,
        ["mib"] = 1024d * 1024,
        ["gi"] = 1024d * 1024 * 1024,
        ["gib"] = 1024d * 1024 * 1024,
        ["ti"] = 1024d * 1024 * 1024 * 1024,
        ["tib"] = 1024d * 1024 * 1024 * 1024,
        ["pi"] = 1024d * 1024 * 1024 * 1024 * 1024,
        ["pib"] = 1024d * 1024 * 1024 * 1024 * 1024,
    };

    public static bool TryParse(string text, out long bytes, out string problem)
    {
        bytes = 0;
        problem = string.Empty;
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var plain))
        {
            bytes = (long)Math.Min(plain, long.MaxValue);
            return true;
        }

        var numberLength = 0;
        while (numberLength < text.Length && (char.IsAsciiDigit(text[numberLength]) || text[numberLength] == '.'))
        {
            numberLength++;
        }

        if (!RustNumberText.TryParseFloat(text[..numberLength], out var number))
        {
            problem = $"couldn't parse \"{text}\" into a ByteSize, invalid float literal";
            return false;
        }

        var suffix = text[numberLength..].TrimStart();
        if (!Units.TryGetValue(suffix.ToLowerInvariant(), out var unit))
        {
            problem = $"couldn't parse \"{suffix}\" into a known SI unit, couldn't parse unit of \"{suffix}\"";
            return false;
        }

        bytes = (long)Math.Min(number * unit, long.MaxValue);
        return true;
    }
}
