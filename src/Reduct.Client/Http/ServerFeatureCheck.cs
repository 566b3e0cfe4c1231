using Reduct.Client.Protocol;

namespace Reduct.Client.Http;

/// <summary>
/// Checks before a call is sent that the server's API has the feature it needs, learning the version with one
/// <c>GET /info</c> when no response has carried it yet. When the version cannot be learnt, the call goes ahead and
/// its own request reports what the server says.
/// </summary>
internal static class ServerFeatureCheck
{
    /// <summary>Throws when the server's API is known to be older than 1.<paramref name="sinceMinor"/>.</summary>
    /// <exception cref="ReductException"><see cref="ReductException.NotSupportedByServer"/>.</exception>
    public static async ValueTask RequireAsync(ReductHttpPipeline pipeline, int sinceMinor, string feature, CancellationToken cancellationToken)
    {
        await pipeline.EnsureApiVersionKnownAsync(cancellationToken).ConfigureAwait(false);
        if (pipeline.Versions.Current is { } serverApi && serverApi.Minor < sinceMinor)
        {
            throw ReadFeatureVersions.Refusal(feature, sinceMinor, serverApi);
        }
    }

    /// <summary>True when the server's API is known to be 1.<paramref name="sinceMinor"/> or newer.</summary>
    public static async ValueTask<bool> HasAsync(ReductHttpPipeline pipeline, int sinceMinor, CancellationToken cancellationToken)
    {
        await pipeline.EnsureApiVersionKnownAsync(cancellationToken).ConfigureAwait(false);
        return pipeline.Versions.IsKnownAtLeast(sinceMinor);
    }
}
