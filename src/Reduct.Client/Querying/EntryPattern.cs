namespace Reduct.Client.Querying;

/// <summary>
/// The entry selection of a query over many entries, as servers with API 1.18-1.20 read it (read reference §3.1):
/// a name selects that entry, <c>prefix*</c> the entries whose names start with the prefix, <c>*</c> all of them;
/// patterns never select <c>$meta</c> system entries.
/// </summary>
internal static class EntryPattern
{
    /// <summary>True when the pattern ends in <c>*</c>.</summary>
    public static bool IsPattern(string selector) => selector.EndsWith('*');

    /// <summary>Checks a selector: an entry name, or an entry-name prefix followed by <c>*</c>.</summary>
    /// <exception cref="ArgumentException">Neither a valid entry name nor a valid prefix with <c>*</c>.</exception>
    public static void Validate(string? selector, string paramName)
    {
        ArgumentNullException.ThrowIfNull(selector, paramName);
        if (!IsPattern(selector))
        {
            Protocol.NameRules.ValidateEntryName(selector, paramName);
            return;
        }

        string prefix = selector[..^1];
        if (prefix.Contains('*', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The entry pattern '{selector}' has '*' before its end; a pattern is a prefix followed by one '*'.", paramName);
        }

        // A prefix may end in the middle of a name or at a '/': check it as a name with a letter in place of the rest.
        if (prefix.Length > 0)
        {
            Protocol.NameRules.ValidateEntryName(prefix.EndsWith('/') ? prefix + "x" : prefix, paramName);
        }
    }

    /// <summary>True when the selector selects the entry.</summary>
    public static bool Matches(string selector, string entry)
    {
        if (!IsPattern(selector))
        {
            return string.Equals(selector, entry, StringComparison.Ordinal);
        }

        return !entry.Contains("$meta", StringComparison.Ordinal) && entry.StartsWith(selector[..^1], StringComparison.Ordinal);
    }

    /// <summary>The bucket's entries that any of the selectors selects, in the bucket's order (by name).</summary>
    public static async Task<List<string>> SelectAsync(Bucket bucket, IReadOnlyList<string> selectors, CancellationToken cancellationToken)
    {
        IReadOnlyList<EntryInfo> existing = await bucket.GetEntriesAsync(cancellationToken).ConfigureAwait(false);
        var selected = new List<string>();
        foreach (EntryInfo entry in existing)
        {
            foreach (string selector in selectors)
            {
                if (Matches(selector, entry.Name))
                {
                    selected.Add(entry.Name);
                    break;
                }
            }
        }

        return selected;
    }
}
