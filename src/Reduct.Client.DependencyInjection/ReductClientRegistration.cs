namespace Reduct.Client.DependencyInjection;

/// <summary>Marks a client name as registered, so that the factory can tell a typo from a client without options.</summary>
/// <param name="Name">The client name; empty for the unnamed client.</param>
internal sealed record ReductClientRegistration(string Name)
{
    /// <summary>The name of the <c>IHttpClientFactory</c> client that carries the requests of this client.</summary>
    public string HttpClientName => HttpClientNameOf(Name);

    public static string HttpClientNameOf(string name) => name.Length == 0 ? "Reduct.Client" : "Reduct.Client:" + name;
}
