using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Reduct.Client.DependencyInjection;

/// <summary>
/// Creates each registered client once, on an <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>, with
/// the named <see cref="ReductClientOptions"/> and the application's <see cref="ILoggerFactory"/>.
/// </summary>
internal sealed class ReductClientFactory : IReductClientFactory, IDisposable
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptionsMonitor<ReductClientOptions> _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly HashSet<string> _names;
    private readonly ConcurrentDictionary<string, Lazy<ReductClient>> _clients = new(StringComparer.Ordinal);

    public ReductClientFactory(
        IHttpClientFactory httpClientFactory,
        IOptionsMonitor<ReductClientOptions> options,
        ILoggerFactory? loggerFactory,
        IEnumerable<ReductClientRegistration> registrations)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _loggerFactory = loggerFactory;
        _names = new HashSet<string>(registrations.Select(r => r.Name), StringComparer.Ordinal);
    }

    public ReductClient CreateClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_names.Contains(name))
        {
            throw new InvalidOperationException(name.Length == 0
                ? "No unnamed ReductClient is registered: call services.AddReductClient(...) first."
                : $"No ReductClient named '{name}' is registered: call services.AddReductClient(\"{name}\", ...) first.");
        }

        // Lazy: two threads asking for a new name at once must not create (and leak) two clients.
        return _clients.GetOrAdd(name, static (n, factory) => new Lazy<ReductClient>(() => factory.Create(n)), this).Value;
    }

    public void Dispose()
    {
        foreach (Lazy<ReductClient> client in _clients.Values)
        {
            if (client.IsValueCreated)
            {
                client.Value.Dispose();
            }
        }
    }

    private ReductClient Create(string name)
    {
        // The monitor's options object is shared: the logger factory is passed alongside, not set on it.
        ReductClientOptions options = _options.Get(name);
        try
        {
            // Creating the HTTP client creates its primary handler, which checks the options too.
            HttpClient httpClient = _httpClientFactory.CreateClient(ReductClientRegistration.HttpClientNameOf(name));
            return new ReductClient(httpClient, options, options.LoggerFactory ?? _loggerFactory);
        }
        catch (ArgumentException ex)
        {
            string which = name.Length == 0 ? "The ReductClient" : $"The ReductClient '{name}'";
            throw new InvalidOperationException($"{which} is not configured correctly: {ex.Message}", ex);
        }
    }
}
