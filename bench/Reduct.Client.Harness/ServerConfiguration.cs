namespace Reduct.Client.Harness;

/// <summary>How a reference server of the harness runs: the API version it emulates and where it keeps bodies.</summary>
/// <param name="ApiVersion">1.21 for v2 batches; 1.17 so that Reduct.Client's <see cref="Batch"/> goes over batch protocol v1.</param>
/// <param name="Storage">Discarded bodies (writes only), memory or a folder.</param>
internal sealed record ServerConfiguration(string ApiVersion, ServerStorage Storage)
{
    public string Mode => Storage switch
    {
        ServerStorage.DiscardBodies => "bodies discarded",
        ServerStorage.Memory => "in memory",
        _ => "in a folder",
    };

    public override string ToString() => $"API {ApiVersion}, {Mode}";
}
