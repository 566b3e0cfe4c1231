using Reduct.Client;

namespace Reduct.Client.Tests.Unit;

public class ClientOptionsTests
{
    private const string Secret = "super-secret-token-value";

    [Fact]
    public void The_token_never_appears_in_ToString()
    {
        var options = new ReductClientOptions { Url = new Uri("http://localhost:8383"), ApiToken = Secret };
        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("<redacted>", options.ToString(), StringComparison.Ordinal);

        using var client = new ReductClient(options);
        Assert.DoesNotContain(Secret, client.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_token_is_rejected_without_echoing_it()
    {
        var options = new ReductClientOptions { Url = new Uri("http://localhost:8383"), ApiToken = "bad token\r\n" };
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ReductClient(options));
        Assert.DoesNotContain("bad token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost:8383")]
    [InlineData("ftp://localhost:8383")]
    [InlineData("not a url")]
    [InlineData("http://localhost:8383/?x=1")]
    public void Bad_urls_are_rejected(string url) =>
        Assert.Equal("url", Assert.ThrowsAny<ArgumentException>(() => new ReductClient(url)).ParamName);

    [Fact]
    public void A_url_without_a_scheme_is_refused_with_the_url_to_write_instead()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ReductClient("localhost:8383"));

        Assert.Equal("url", error.ParamName);
        Assert.Contains("has no scheme: write http://localhost:8383", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:8383/api/v1", "http://localhost:8383/")]
    [InlineData("http://localhost:8383/reduct/api/v1/", "http://localhost:8383/reduct/")]
    public void A_url_ending_in_api_v1_is_refused_with_the_server_url(string url, string serverUrl)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ReductClient(url));

        Assert.Contains("ends in /api/v1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{serverUrl}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_given_with_its_bearer_scheme_is_refused_with_a_hint_and_without_echoing_it()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ReductClient("http://localhost:8383", "Bearer " + Secret));

        Assert.Contains("starts with 'Bearer '", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_without_any_url_is_rejected()
    {
        using var http = new HttpClient();
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ReductClient(http));
        Assert.Contains("URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_on_an_HttpClient_names_the_missing_argument()
    {
        ArgumentNullException error = Assert.Throws<ArgumentNullException>(() => new ReductClient((HttpClient)null!, new ReductClientOptions()));
        Assert.Equal("httpClient", error.ParamName);
    }

    [Fact]
    public void The_http_handler_takes_the_connection_settings_from_the_options()
    {
        var options = new ReductClientOptions { ConnectTimeout = TimeSpan.FromSeconds(3) };

        using SocketsHttpHandler handler = ReductClient.CreateHttpHandler(options);
        options.ConnectTimeout = TimeSpan.FromSeconds(30);

        Assert.Equal(TimeSpan.FromSeconds(3), handler.ConnectTimeout);
        Assert.False(handler.AllowAutoRedirect);
        Assert.Equal(System.Net.DecompressionMethods.None, handler.AutomaticDecompression);
        Assert.Equal(TimeSpan.FromMinutes(5), handler.PooledConnectionLifetime);
        Assert.Null(handler.SslOptions.RemoteCertificateValidationCallback);
    }

    [Fact]
    public void The_http_handler_refuses_missing_or_out_of_range_options_and_names_them()
    {
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => ReductClient.CreateHttpHandler(null!)).ParamName);

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(
            () => ReductClient.CreateHttpHandler(new ReductClientOptions { ConnectTimeout = TimeSpan.FromSeconds(-1) }));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("ConnectTimeout must be positive or Timeout.InfiniteTimeSpan", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_prefixes_are_kept()
    {
        using var client = new ReductClient("http://localhost:8383/reduct");
        Assert.Equal("http://localhost:8383/reduct/", client.Url.ToString());
        using var withSlash = new ReductClient("http://localhost:8383/reduct/");
        Assert.Equal("http://localhost:8383/reduct/", withSlash.Url.ToString());
    }

    [Fact]
    public void Options_are_copied_when_the_client_is_built()
    {
        var options = new ReductClientOptions { Url = new Uri("http://localhost:8383") };
        using var client = new ReductClient(options);
        options.Url = new Uri("http://elsewhere:1");
        Assert.Equal("http://localhost:8383/", client.Url.ToString());
    }

    [Fact]
    public void Bad_timeouts_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReductClient(new ReductClientOptions { Url = new Uri("http://x"), Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReductClient(new ReductClientOptions { Url = new Uri("http://x"), ConnectTimeout = TimeSpan.FromSeconds(-2) }));
    }

    [Fact]
    public void Exceptions_carry_status_and_message()
    {
        var conflict = new ReductException(409, "A record with timestamp 1 already exists");
        Assert.Equal(409, conflict.Status);
        Assert.False(conflict.IsTransient);
        Assert.Contains("409", conflict.Message, StringComparison.Ordinal);

        var refused = new ReductException(ReductException.ConnectionFailed, "refused");
        Assert.True(refused.IsTransportFailure);
        Assert.True(refused.IsTransient);
        Assert.True(new ReductException(503, "starting").IsTransient);
    }
}
