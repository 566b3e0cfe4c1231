namespace Reduct.Client;

/// <summary>
/// Gives the <see cref="ReductClient"/> registered under a name with
/// <c>services.AddReductClient(name, ...)</c>, for applications that talk to several ReductStore servers.
/// </summary>
/// <remarks>
/// <code>
/// services.AddReductClient("edge", configuration.GetSection("Reduct:Edge"));
/// services.AddReductClient("cloud", configuration.GetSection("Reduct:Cloud"));
///
/// public sealed class Uploader(IReductClientFactory clients)
/// {
///     private readonly ReductClient _edge = clients.CreateClient("edge");
/// }
/// </code>
/// A named client can also be injected as a keyed service: <c>[FromKeyedServices("edge")] ReductClient edge</c>.
/// </remarks>
public interface IReductClientFactory
{
    /// <summary>
    /// Gets the client registered under <paramref name="name"/>. Every call with the same name returns the same
    /// instance, created on first use and disposed with the service provider: do not dispose it yourself.
    /// </summary>
    /// <param name="name">The name given to <c>AddReductClient</c>; <see cref="string.Empty"/> for the unnamed client.</param>
    /// <returns>The shared client for that name.</returns>
    /// <exception cref="InvalidOperationException">No client is registered under that name, or its options are invalid (no URL, for example).</exception>
    ReductClient CreateClient(string name);
}
