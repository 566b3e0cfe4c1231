using System.Globalization;

namespace Reduct.Client.Protocol;

/// <summary>
/// Entry names with <c>/</c> (hierarchical entries) exist since API 1.19 (protocol spec §4.1, §13). An older
/// server routes such a path to no endpoint (405 without a message, or 404 for a read) and refuses an
/// encoded <c>/</c> with the old name rule (422), so the client refuses them itself, with the reason.
/// </summary>
internal static class HierarchicalEntryRule
{
    /// <summary>The API minor version (of major 1) from which entry names may contain <c>/</c>.</summary>
    public const int SinceMinor = 19;

    /// <summary>True when the name has a <c>/</c>, which only servers with API 1.19 or newer accept.</summary>
    public static bool IsHierarchical(string entry) => entry.Contains('/', StringComparison.Ordinal);

    /// <summary>The error of a hierarchical entry name on a server whose API is <paramref name="serverApi"/>.</summary>
    public static ReductException Refusal(string entry, Version serverApi) => new(
        ReductException.NotSupportedByServer,
        string.Create(CultureInfo.InvariantCulture,
            $"Entry '{entry}' has '/' in its name (a hierarchical entry), which needs ReductStore API 1.{SinceMinor} or newer; "
            + $"the server speaks API {serverApi.Major}.{serverApi.Minor}. Nothing was sent for it: use a name without '/' on this server."));
}
