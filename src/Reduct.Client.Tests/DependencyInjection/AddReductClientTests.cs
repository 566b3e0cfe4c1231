using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reduct.Client.Testing;
using Reduct.Client.Tests.Integration;

namespace Reduct.Client.Tests.DependencyInjection;

/// <summary><c>services.AddReductClient(...)</c> against two reference servers.</summary>
public sealed class AddReductClientTests : IAsyncLifetime
{
    private const string EdgeToken = "edge-secret-token";
    private ReductTestServer _edge = null!;
    private ReductTestServer _cloud = null!;

    public async Task InitializeAsync()
    {
        _edge = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = EdgeToken });
        _cloud = await ReductTestServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task The_unnamed_client_is_configured_in_code_and_writes_through_the_http_client_factory()
    {
        var counter = new CountingHandler();
        var services = new ServiceCollection();
        services.AddReductClient(options =>
        {
            options.Url = _edge.Url;
            options.ApiToken = EdgeToken;
        }).AddHttpMessageHandler(() => counter);
        await using ServiceProvider provider = services.BuildServiceProvider();

        ReductClient client = provider.GetRequiredService<ReductClient>();
        Bucket bucket = await client.CreateBucketAsync("code");
        await bucket.WriteAsync("e", "from DI", 1UL);

        Assert.Equal(["POST /api/v1/b/code", "POST /api/v1/b/code/e"], counter.Requests);
        Assert.Same(client, provider.GetRequiredService<ReductClient>());
        Assert.Same(client, provider.GetRequiredService<IReductClientFactory>().CreateClient(string.Empty));
        Assert.Equal("from DI"u8.ToArray(), await bucket.ReadBytesAsync("e", 1UL));
        Assert.Equal(7, _edge.Storage.GetRecords("code", "e").Single().Length);
    }

    [Fact]
    public async Task Options_come_from_a_configuration_section()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reduct:Url"] = _edge.Url.ToString(),
            ["Reduct:ApiToken"] = EdgeToken,
            ["Reduct:Timeout"] = "00:00:42",
            ["Reduct:ConnectTimeout"] = "00:00:03",
            ["Reduct:BatchMaxRecords"] = "7",
            ["Reduct:BatchMaxBodySize"] = "123456",
            ["Reduct:BatchMaxHeaderSize"] = "4096",
            ["Reduct:ExpectContinueThreshold"] = "2048",
            ["Reduct:Retry:MaxRetryAttempts"] = "1",
        }).Build();
        var services = new ServiceCollection();
        services.AddReductClient(configuration.GetSection("Reduct"));
        await using ServiceProvider provider = services.BuildServiceProvider();

        ReductClientOptions options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ReductClientOptions>>().Get(string.Empty);
        Assert.Equal(_edge.Url, options.Url);
        Assert.Equal(EdgeToken, options.ApiToken);
        Assert.Equal(TimeSpan.FromSeconds(42), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ConnectTimeout);
        Assert.Equal(7, options.BatchMaxRecords);
        Assert.Equal(123456, options.BatchMaxBodySize);
        Assert.Equal(4096, options.BatchMaxHeaderSize);
        Assert.Equal(2048, options.ExpectContinueThreshold);
        Assert.Equal(1, options.Retry.MaxRetryAttempts);

        // BatchMaxRecords = 7 from configuration: 20 records take three requests.
        ReductClient client = provider.GetRequiredService<ReductClient>();
        Bucket bucket = await client.CreateBucketAsync("configured");
        var batch = new Batch();
        for (ulong i = 0; i < 20; i++)
        {
            batch.Add(i, "r");
        }

        long requestsBefore = _edge.Statistics.RequestCount;
        Assert.Empty(await bucket.WriteBatchAsync("e", batch));
        Assert.Equal(3, _edge.Statistics.RequestCount - requestsBefore);
        Assert.Equal(20, _edge.Storage.GetRecords("configured", "e").Count);
    }

    [Fact]
    public async Task Named_clients_reach_their_own_servers_through_the_factory_and_as_keyed_services()
    {
        var services = new ServiceCollection();
        services.AddReductClient("edge", options =>
        {
            options.Url = _edge.Url;
            options.ApiToken = EdgeToken;
        });
        services.AddReductClient("cloud", new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Url"] = _cloud.Url.ToString() }).Build());
        await using ServiceProvider provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IReductClientFactory>();

        ReductClient edge = factory.CreateClient("edge");
        ReductClient cloud = provider.GetRequiredKeyedService<ReductClient>("cloud");
        await (await edge.CreateBucketAsync("named")).WriteAsync("e", "edge", 1UL);
        await (await cloud.CreateBucketAsync("named")).WriteAsync("e", "cloud", 1UL);

        Assert.Same(edge, provider.GetRequiredKeyedService<ReductClient>("edge"));
        Assert.Same(cloud, factory.CreateClient("cloud"));
        Assert.Equal(4, _edge.Storage.GetRecords("named", "e").Single().Length);
        Assert.Equal(5, _cloud.Storage.GetRecords("named", "e").Single().Length);
        Assert.Null(provider.GetService<ReductClient>());
        InvalidOperationException unknown = Assert.Throws<InvalidOperationException>(() => factory.CreateClient("edg"));
        Assert.Contains("'edg'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_http_client_from_the_factory_has_no_timeout_of_its_own()
    {
        var services = new ServiceCollection();
        IHttpClientBuilder builder = services.AddReductClient("edge", options => options.Url = _edge.Url);
        using ServiceProvider provider = services.BuildServiceProvider();

        HttpClient httpClient = provider.GetRequiredService<IHttpClientFactory>().CreateClient(builder.Name);

        Assert.Equal("Reduct.Client:edge", builder.Name);
        Assert.Equal(Timeout.InfiniteTimeSpan, httpClient.Timeout);
    }

    [Fact]
    public async Task The_applications_logger_factory_is_used_and_never_sees_the_token()
    {
        using var loggerFactory = new CollectingLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(loggerFactory);
        services.AddReductClient(options =>
        {
            options.Url = _edge.Url;
            options.ApiToken = EdgeToken;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        ReductClient client = provider.GetRequiredService<ReductClient>();
        await client.CreateBucketAsync("logged");
        using var intruder = new ReductClient(new ReductClientOptions { Url = _edge.Url, ApiToken = "wrong-token", LoggerFactory = loggerFactory });
        var batch = new Batch();
        batch.Add(1UL, "x");
        Assert.Equal(401, (await Assert.ThrowsAsync<ReductException>(() => intruder.GetBucket("logged").WriteBatchAsync("e", batch))).Status);

        // The client's own request log, the factory's HTTP handler log, and the batch failure warning.
        Assert.Contains(loggerFactory.Messages, m => m.Text.Contains("/api/v1/b/logged", StringComparison.Ordinal) && m.Text.Contains("200", StringComparison.Ordinal));
        Assert.Contains(loggerFactory.Messages, m => m.Level == LogLevel.Warning && m.Text.Contains("failed as a whole with 401", StringComparison.Ordinal));
        Assert.DoesNotContain(loggerFactory.Messages, m => m.Text.Contains(EdgeToken, StringComparison.Ordinal) || m.Text.Contains("wrong-token", StringComparison.Ordinal));

        // Passed to the client alongside the options, not set on the options object the application shares.
        Assert.Null(provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ReductClientOptions>>().Get(string.Empty).LoggerFactory);
    }

    [Fact]
    public void Options_without_a_url_fail_with_the_clients_name()
    {
        var services = new ServiceCollection();
        services.AddReductClient("edge", options => options.ApiToken = EdgeToken);
        using ServiceProvider provider = services.BuildServiceProvider();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<ReductClient>("edge"));

        Assert.Contains("'edge'", error.Message, StringComparison.Ordinal);
        Assert.Contains("URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_out_of_range_connection_option_fails_with_the_clients_name()
    {
        var services = new ServiceCollection();
        services.AddReductClient("edge", options =>
        {
            options.Url = _edge.Url;
            options.ConnectTimeout = TimeSpan.Zero;
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredKeyedService<ReductClient>("edge"));

        Assert.Contains("'edge'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_cannot_be_read_names_its_key_but_not_the_token()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reduct:Url"] = _edge.Url.ToString(),
            ["Reduct:ApiToken"] = EdgeToken,
            ["Reduct:Timeout"] = "soon",
        }).Build();
        var services = new ServiceCollection();
        services.AddReductClient(configuration.GetSection("Reduct"));
        using ServiceProvider provider = services.BuildServiceProvider();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ReductClient>());

        Assert.Contains("Reduct:Timeout", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(EdgeToken, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A handler added through the returned <see cref="IHttpClientBuilder"/>: proof that requests go through the factory's client.</summary>
    private sealed class CountingHandler : DelegatingHandler
    {
        private readonly List<string> _requests = [];

        public IReadOnlyList<string> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_requests)
            {
                _requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
