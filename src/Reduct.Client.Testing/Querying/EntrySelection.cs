using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Querying;

/// <summary>
/// Which entries the <c>entries</c> field of a v2 query selects. Up to 1.20: absent or containing <c>"*"</c> means
/// every entry but <c>$meta</c> ones, <c>"name"</c> that entry if it exists (<c>$meta</c> ones too),
/// <c>"prefix*"</c> the entries starting with the prefix, and <c>[]</c> none. From 1.21: path globs (<c>*</c>
/// within a segment, <c>**</c> across segments, a pattern without <c>/</c> ending in <c>*</c> still a prefix),
/// <c>!</c> exclusions, and <c>[]</c> every entry.
/// </summary>
internal static class EntrySelection
{
    /// <param name="existing">The bucket's entries.</param>
    /// <param name="patterns">The <c>entries</c> field.</param>
    /// <param name="version">The emulated server version.</param>
    /// <param name="includeMetaByName">Whether a <c>$meta</c> entry named exactly is selected (not for removals).</param>
    /// <returns>The selected entry names, in ordinal order.</returns>
    public static List<string> Select(IReadOnlyList<string> existing, IReadOnlyList<string>? patterns, ApiVersion version, bool includeMetaByName)
    {
        var globs = version.IsAtLeast(1, 21);
        var includes = patterns?.Where(p => !globs || !p.StartsWith('!')).ToList() ?? [];
        var excludes = globs ? patterns?.Where(p => p.StartsWith('!')).Select(p => p[1..]).ToList() ?? [] : [];
        var everything = patterns is null || includes.Contains("*") || (globs && includes.Count == 0);

        var selected = new List<string>();
        foreach (var name in existing)
        {
            var isMeta = EntryNameRules.IsMetaEntry(name);
            var chosen = everything
                ? !isMeta
                : includes.Any(p => p == name ? !isMeta || includeMetaByName : !isMeta && Matches(p, name, globs));
            if (chosen && !excludes.Any(p => p == name || Matches(p, name, globs)))
            {
                selected.Add(name);
            }
        }

        return selected;
    }

    private static bool Matches(string pattern, string name, bool globs)
    {
        if (!globs)
        {
            return pattern.EndsWith('*') && name.StartsWith(pattern[..^1], StringComparison.Ordinal);
        }

        pattern = pattern.TrimStart('/');
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return pattern == name;
        }

        if (!pattern.Contains('/', StringComparison.Ordinal) && pattern.IndexOf('*', StringComparison.Ordinal) == pattern.Length - 1)
        {
            return name.StartsWith(pattern[..^1], StringComparison.Ordinal);
        }

        return MatchSegments(pattern.Split('/'), 0, name.Split('/'), 0);
    }

    private static bool MatchSegments(string[] pattern, int p, string[] name, int n)
    {
        if (p == pattern.Length)
        {
            return n == name.Length;
        }

        if (pattern[p] == "**")
        {
            for (var skip = n; skip <= name.Length; skip++)
            {
                if (MatchSegments(pattern, p + 1, name, skip))
                {
                    return true;
                }
            }

            return false;
        }

        return n < name.Length && MatchSegment(pattern[p], name[n]) && MatchSegments(pattern, p + 1, name, n + 1);
    }

    /// <summary>A segment with <c>*</c> wildcards, which match any run of characters.</summary>
    private static bool MatchSegment(string pattern, string segment)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return pattern == segment;
        }

        if (!segment.StartsWith(parts[0], StringComparison.Ordinal) || !segment.EndsWith(parts[^1], StringComparison.Ordinal)
            || segment.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }

        var position = parts[0].Length;
        var end = segment.Length - parts[^1].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = segment.IndexOf(parts[i], position, end - position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        return true;
    }
}
