using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reduct.Client;
using Reduct.Client.DependencyInjection;

// In the namespace of IServiceCollection, as is customary for AddXxx extensions: they show up wherever services
// are registered, without a using directive for this library.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ReductClient"/> instances in a service collection.</summary>
/// <remarks>
/// <para>
/// Each registration adds one client, a singleton created on first use, that sends through a named
/// <see cref="HttpClient"/> of <see cref="IHttpClientFactory"/> (named <c>Reduct.Client</c>, or
/// <c>Reduct.Client:{name}</c> for a named client). That <see cref="HttpClient"/> has an infinite
/// <see cref="HttpClient.Timeout"/>, because the client applies <see cref="ReductClientOptions.Timeout"/> itself
/// and long streamed uploads must not be cut off; its primary handler honours
/// <see cref="ReductClientOptions.ConnectTimeout"/> and renews connections every few minutes, so it is kept for
/// the application's lifetime rather than rotated. The returned <see cref="IHttpClientBuilder"/> adds handlers of
/// your own (a proxy, a test double). The application's <see cref="ILoggerFactory"/> is used unless the options set one.
/// </para>
/// <para>
/// The unnamed client is injected as <see cref="ReductClient"/>; a named one as a keyed service
/// (<c>[FromKeyedServices("edge")] ReductClient</c>) or through <see cref="IReductClientFactory"/>. Options can be
/// refined after registration with <c>services.Configure&lt;ReductClientOptions&gt;(name, o =&gt; ...)</c>.
/// </para>
/// </remarks>
public static class ReductClientServiceCollectionExtensions
{
    /// <summary>Registers the unnamed <see cref="ReductClient"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options: at least <see cref="ReductClientOptions.Url"/>.</param>
    /// <returns>The builder of the <see cref="HttpClient"/> the client sends through.</returns>
    /// <example>
    /// <code>
    /// services.AddReductClient(options =>
    /// {
    ///     options.Url = new Uri("http://localhost:8383");
    ///     options.ApiToken = Environment.GetEnvironmentVariable("REDUCT_API_TOKEN");
    /// });
    /// </code>
    /// </example>
    public static IHttpClientBuilder AddReductClient(this IServiceCollection services, Action<ReductClientOptions> configure) =>
        AddReductClient(services, Options.Options.DefaultName, configure);

    /// <summary>Registers the unnamed <see cref="ReductClient"/>, configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">
    /// The section, for example <c>configuration.GetSection("Reduct")</c>, with the keys <c>Url</c>, <c>ApiToken</c>,
    /// <c>Timeout</c>, <c>ConnectTimeout</c>, <c>ExpectContinueThreshold</c>, <c>BatchMaxRecords</c>,
    /// <c>BatchMaxBodySize</c>, <c>BatchMaxHeaderSize</c>, <c>MaxLabelHeaderSize</c> and <c>Retry:*</c>
    /// (durations as <c>00:00:30</c> or <c>Infinite</c>).
    /// </param>
    /// <returns>The builder of the <see cref="HttpClient"/> the client sends through.</returns>
    /// <example>
    /// <code>
    /// // appsettings.json: { "Reduct": { "Url": "http://localhost:8383", "Timeout": "00:00:30" } }
    /// services.AddReductClient(builder.Configuration.GetSection("Reduct"));
    /// </code>
    /// </example>
    public static IHttpClientBuilder AddReductClient(this IServiceCollection services, IConfiguration configuration) =>
        AddReductClient(services, Options.Options.DefaultName, configuration);

    /// <summary>Registers a named <see cref="ReductClient"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name, as given to <see cref="IReductClientFactory.CreateClient(string)"/> and used as its service key.</param>
    /// <param name="configure">Sets the options: at least <see cref="ReductClientOptions.Url"/>.</param>
    /// <returns>The builder of the <see cref="HttpClient"/> the client sends through.</returns>
    public static IHttpClientBuilder AddReductClient(this IServiceCollection services, string name, Action<ReductClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        IHttpClientBuilder builder = AddCore(services, name);
        services.Configure(name, configure);
        return builder;
    }

    /// <summary>Registers a named <see cref="ReductClient"/>, configured from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name, as given to <see cref="IReductClientFactory.CreateClient(string)"/> and used as its service key.</param>
    /// <param name="configuration">The section; see <see cref="AddReductClient(IServiceCollection, IConfiguration)"/> for its keys.</param>
    /// <returns>The builder of the <see cref="HttpClient"/> the client sends through.</returns>
    /// <exception cref="InvalidOperationException">When the client is created: a value in the section cannot be read (the message names the key).</exception>
    public static IHttpClientBuilder AddReductClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IHttpClientBuilder builder = AddCore(services, name);
        services.Configure<ReductClientOptions>(name, options => ReductClientConfiguration.Bind(configuration, options));
        return builder;
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);

        var registration = new ReductClientRegistration(name);
        if (!services.Any(d => !d.IsKeyedService && d.ServiceType == typeof(ReductClientRegistration) && Equals(d.ImplementationInstance, registration)))
        {
            services.AddSingleton(registration);
            if (name.Length == 0)
            {
                services.AddSingleton(static sp => sp.GetRequiredService<IReductClientFactory>().CreateClient(Options.Options.DefaultName));
            }
            else
            {
                services.AddKeyedSingleton(name, static (sp, key) => sp.GetRequiredService<IReductClientFactory>().CreateClient((string)key!));
            }
        }

        services.AddOptions();
        services.TryAddSingleton<IReductClientFactory>(static sp => new ReductClientFactory(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptionsMonitor<ReductClientOptions>>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetServices<ReductClientRegistration>()));

        return services.AddHttpClient(registration.HttpClientName)
            .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => ReductClient.CreateHttpHandler(sp.GetRequiredService<IOptionsMonitor<ReductClientOptions>>().Get(name)))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
    }
}
