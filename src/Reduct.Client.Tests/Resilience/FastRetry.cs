using Microsoft.Extensions.Logging;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Resilience;

/// <summary>Clients with short retry waits, so that fault tests take milliseconds rather than seconds.</summary>
internal static class FastRetry
{
    public static ReductClientOptions Options(Uri url, int maxRetryAttempts = 3, TimeSpan? timeout = null, ILoggerFactory? loggerFactory = null)
    {
        var options = new ReductClientOptions
        {
            Url = url,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            LoggerFactory = loggerFactory,
        };
        options.Retry.MaxRetryAttempts = maxRetryAttempts;
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(5);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        return options;
    }

    public static ReductClient Client(ReductTestServer server, int maxRetryAttempts = 3, TimeSpan? timeout = null, ILoggerFactory? loggerFactory = null) =>
        new(Options(server.Url, maxRetryAttempts, timeout, loggerFactory));

    /// <summary>Only the requests that write records.</summary>
    public static bool IsWrite(string path) =>
        path.Contains("/io/", StringComparison.Ordinal) || path.EndsWith("/batch", StringComparison.Ordinal)
        || (path.Contains("/b/", StringComparison.Ordinal) && path.Count(c => c == '/') >= 5);
}
