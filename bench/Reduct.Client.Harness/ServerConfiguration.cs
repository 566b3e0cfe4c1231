namespace Reduct.Client.Harness;

/// <summary>How a reference server of the harness runs: the API version it emulates and whether it keeps bodies.</summary>
/// <param name="ApiVersion">1.21 for v2 batches; 1.17 so that Reduct.Client's <see cref="Batch"/> goes over batch protocol v1.</param>
/// <param name="DiscardBodies">Parse every request fully but keep only record metadata, to isolate the client.</param>
internal sealed record ServerConfiguration(string ApiVersion, bool DiscardBodies)
{
    public string Mode => DiscardBodies ? "bodies discarded" : "in memory";

    public override string ToString() => $"API {ApiVersion}, {Mode}";
}
