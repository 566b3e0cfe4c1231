using Reduct.Client.Protocol;

namespace Reduct.Client.Http;

/// <summary>
/// Checks, before anything of a call is sent, that the server's API has the feature the call needs
/// (<see cref="ApiFeature"/>), learning the version first when no response has carried it yet.
/// </summary>
/// <remarks>
/// When the version cannot be learnt (the server is unreachable, the token is refused), the call goes ahead: its
/// own request fails with the server's answer, which says more than a guess would.
/// </remarks>
internal static class ApiVersionCheck
{
    /// <summary>Throws when the server is known to speak an API older than the one that brought <paramref name="feature"/>.</summary>
    /// <exception cref="ReductException"><see cref="ReductException.NotSupportedByServer"/>.</exception>
    public static async ValueTask ThrowIfUnsupportedAsync(ReductHttpPipeline pipeline, ApiFeature feature, CancellationToken cancellationToken)
    {
        await pipeline.EnsureApiVersionKnownAsync(cancellationToken).ConfigureAwait(false);

        // One read: the major is always the SDK's (the tracker refuses any other).
        if (pipeline.Versions.Current is { } serverApi && serverApi.Minor < feature.SinceMinor)
        {
            throw feature.Refusal(serverApi);
        }
    }

    /// <summary>True when the server is known to speak an API that has <paramref name="feature"/>; learns the version first if needed.</summary>
    public static async ValueTask<bool> IsKnownSupportedAsync(ReductHttpPipeline pipeline, ApiFeature feature, CancellationToken cancellationToken)
    {
        await pipeline.EnsureApiVersionKnownAsync(cancellationToken).ConfigureAwait(false);
        return pipeline.Versions.IsKnownAtLeast(feature.SinceMinor);
    }
}
