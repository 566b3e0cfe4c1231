using System.Text.Json;

namespace Reduct.Client.Testing.Lifecycles;

/// <summary>
/// The body of <c>POST|PUT /lifecycles/{name}</c> as the client sent it, defaults applied, durations still as text:
/// the real server keeps and returns the text it was given (<c>"30d"</c> stays <c>"30d"</c>).
/// </summary>
internal sealed record LifecycleRequest(
    LifecycleType Type,
    string Bucket,
    IReadOnlyList<string> Entries,
    string OlderThan,
    string Interval,
    JsonElement? When,
    LifecycleMode Mode,
    string? ProcessingInterval)
{
    /// <summary>The interval when none is given.</summary>
    public const string DefaultInterval = "3600s";
}
