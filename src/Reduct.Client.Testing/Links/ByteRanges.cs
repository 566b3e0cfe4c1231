using System.Globalization;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Links;

/// <summary>
/// The <c>Range: bytes=...</c> header of a query link download (read reference §9.3): the satisfiable parts, each
/// <c>first-last</c>, <c>first-</c> or <c>-suffix</c>, clamped to the body. The real server answers several parts
/// concatenated, with the <c>content-range</c> of the first.
/// </summary>
internal static class ByteRanges
{
    /// <summary>The satisfiable parts of <paramref name="header"/> for a body of <paramref name="length"/> bytes, as inclusive pairs.</summary>
    /// <exception cref="ReductErrorException">
    /// 422 for a header that is not <c>bytes=</c> ranges: ReductStore 1.20 crashes on one, the reference server refuses it.
    /// </exception>
    public static List<(long First, long Last)> Parse(string header, long length)
    {
        const string Prefix = "bytes=";
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw Malformed(header);
        }

        var parts = new List<(long, long)>();
        foreach (var raw in header[Prefix.Length..].Split(','))
        {
            var part = raw.Trim();
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                throw Malformed(header);
            }

            var firstText = part[..dash];
            var lastText = part[(dash + 1)..];
            if (firstText.Length == 0)
            {
                // A suffix: the last N bytes.
                var suffix = Number(lastText, header);
                if (suffix > 0 && length > 0)
                {
                    parts.Add((Math.Max(0, length - suffix), length - 1));
                }

                continue;
            }

            var first = Number(firstText, header);
            var last = lastText.Length == 0 ? long.MaxValue : Number(lastText, header);
            if (last < first)
            {
                throw Malformed(header);
            }

            if (first < length)
            {
                parts.Add((first, Math.Min(last, length - 1)));
            }
        }

        return parts;
    }

    private static long Number(string text, string header) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw Malformed(header);

    private static ReductErrorException Malformed(string header) =>
        ReductErrorException.UnprocessableEntity($"Invalid Range header: '{header}'");
}
