using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>A client built on the caller's <see cref="HttpClient"/>: who owns it, and where the client logs.</summary>
public sealed class CallersHttpClientTests : IAsyncLifetime
{
    private ReductTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ReductTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Disposing_the_client_leaves_the_callers_HttpClient_open()
    {
        using var http = new HttpClient { BaseAddress = _server.Url, Timeout = Timeout.InfiniteTimeSpan };
        var first = new ReductClient(http);
        Assert.True(await first.IsAliveAsync());

        first.Dispose();

        using HttpResponseMessage direct = await http.GetAsync(new Uri("api/v1/alive", UriKind.Relative));
        Assert.True(direct.IsSuccessStatusCode);
        using var second = new ReductClient(http);
        Assert.True(await second.IsAliveAsync());
        Assert.Throws<ObjectDisposedException>(() => first.GetBucket("b"));
    }

    [Fact]
    public async Task The_logger_factory_argument_wins_over_the_options_one_and_leaves_the_options_unchanged()
    {
        using var http = new HttpClient { BaseAddress = _server.Url, Timeout = Timeout.InfiniteTimeSpan };
        using var fromOptions = new CollectingLoggerFactory();
        using var fromArgument = new CollectingLoggerFactory();
        var options = new ReductClientOptions { LoggerFactory = fromOptions };

        using (var client = new ReductClient(http, options, fromArgument))
        {
            await client.GetInfoAsync();
        }

        Assert.Contains(fromArgument.Messages, m => m.Text.Contains("/api/v1/info", StringComparison.Ordinal));
        Assert.Empty(fromOptions.Messages);
        Assert.Same(fromOptions, options.LoggerFactory);

        using (var client = new ReductClient(http, options, loggerFactory: null))
        {
            await client.GetInfoAsync();
        }

        Assert.Contains(fromOptions.Messages, m => m.Text.Contains("/api/v1/info", StringComparison.Ordinal));
    }
}
