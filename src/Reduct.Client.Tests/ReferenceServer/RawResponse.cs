namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>A response read off a bare socket; header names as sent.</summary>
internal sealed record RawResponse(int Status, IReadOnlyList<(string Name, string Value)> Headers, string Body)
{
    public string? Header(string name) =>
        Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    /// <summary>Headers other than those that vary between runs (Date).</summary>
    public IEnumerable<string> StableHeaderLines =>
        Headers.Where(h => !h.Name.Equals("date", StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Name.ToLowerInvariant() + ": " + h.Value)
            .Order(StringComparer.Ordinal);
}
