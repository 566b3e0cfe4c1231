using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Reduct.Client.Testing;
using Reduct.Client.Tests.Integration;

namespace Reduct.Client.Tests.Resilience;

/// <summary>The token stays secret (logs, exceptions, ToString, redirects) and HTTPS can trust a private CA.</summary>
public sealed class SecurityTests
{
    private const string Secret = "tok-5f3e9a1c7d2b4e8f";
    private const string InfoJson = """{"version":"1.21.0","bucket_count":0,"usage":0,"uptime":1,"oldest_record":0,"latest_record":0,"defaults":{"bucket":{}}}""";

    [Fact]
    public async Task The_token_appears_in_no_log_message_exception_or_description()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = Secret });
        using var logs = new CollectingLoggerFactory();
        ReductClientOptions options = FastRetry.Options(server.Url, timeout: TimeSpan.FromMilliseconds(500), loggerFactory: logs);
        options.ApiToken = Secret;
        using var client = new ReductClient(options);
        Bucket bucket = await client.CreateBucketAsync("b");
        var failures = new List<Exception>();

        // Retries (logged), a timeout, a refused token, a batch failure and a refused connection.
        server.Faults.FailNextRequests(2, 503, "The server is starting up, please try again later");
        await bucket.WriteAsync("e", new byte[10], 1UL);
        ReductClientOptions impatient = FastRetry.Options(server.Url, maxRetryAttempts: 0, timeout: TimeSpan.FromMilliseconds(300), loggerFactory: logs);
        impatient.ApiToken = Secret;
        using var impatientClient = new ReductClient(impatient);
        server.Faults.DelayResponses(TimeSpan.FromSeconds(1), 1);
        failures.Add(await Record.ExceptionAsync(() => impatientClient.GetInfoAsync()));
        failures.Add(await Record.ExceptionAsync(() => bucket.WriteAsync("e", new byte[10], 1UL)));
        using var wrongToken = new ReductClient(server.Url, Secret + "-revoked");
        failures.Add(await Record.ExceptionAsync(() => wrongToken.GetInfoAsync()));
        var batch = new Batch();
        batch.Add(1UL, "x");
        failures.Add(await Record.ExceptionAsync(() => wrongToken.GetBucket("b").WriteBatchAsync("e", batch)));
        ReductClientOptions unreachable = FastRetry.Options(new Uri("http://127.0.0.1:1/"), loggerFactory: logs);
        unreachable.ApiToken = Secret;
        using var nowhere = new ReductClient(unreachable);
        failures.Add(await Record.ExceptionAsync(() => nowhere.GetInfoAsync()));

        Assert.True(failures.Count(f => f is not null) == 5,
            "Expected five failures, got: " + string.Join(" | ", failures.Select(f => f?.Message ?? "(none)")));
        Assert.Contains(logs.Messages, m => m.Text.Contains("attempt", StringComparison.Ordinal));
        Assert.All(logs.Messages, m => Assert.DoesNotContain(Secret, m.Text, StringComparison.Ordinal));
        Assert.All(failures.Where(f => f is not null), f => Assert.DoesNotContain(Secret, f!.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, client.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, bucket.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_so_the_token_never_reaches_another_host()
    {
        await using var elsewhere = new TinyHttpServer(_ => TinyHttpServer.Json(InfoJson));
        await using var redirector = new TinyHttpServer(_ =>
            $"HTTP/1.1 307 Temporary Redirect\r\nLocation: {elsewhere.Url}api/v1/info?x=1\r\nContent-Length: 0\r\n\r\n");
        using var client = new ReductClient(redirector.Url, Secret);

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetInfoAsync());

        Assert.Equal(307, error.Status);
        Assert.Contains(elsewhere.Url + "api/v1/info", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("x=1", error.Message, StringComparison.Ordinal);
        Assert.Contains(redirector.RequestHeads, head => head.Contains("Bearer " + Secret, StringComparison.Ordinal));
        Assert.Empty(elsewhere.RequestHeads);
    }

    [Fact]
    public async Task A_client_on_an_HttpClient_that_follows_redirects_does_not_forward_the_token()
    {
        await using var elsewhere = new TinyHttpServer(_ => TinyHttpServer.Json(InfoJson));
        await using var redirector = new TinyHttpServer(_ =>
            $"HTTP/1.1 307 Temporary Redirect\r\nLocation: {elsewhere.Url}api/v1/info\r\nContent-Length: 0\r\n\r\n");
        using var http = new HttpClient { BaseAddress = redirector.Url };
        using var client = new ReductClient(http, new ReductClientOptions { ApiToken = Secret });

        await client.GetInfoAsync();

        string followed = Assert.Single(elsewhere.RequestHeads);
        Assert.DoesNotContain(Secret, followed, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", followed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_client_on_an_HttpClient_with_the_clients_own_handler_refuses_redirects()
    {
        await using var elsewhere = new TinyHttpServer(_ => TinyHttpServer.Json(InfoJson));
        await using var redirector = new TinyHttpServer(_ =>
            $"HTTP/1.1 307 Temporary Redirect\r\nLocation: {elsewhere.Url}api/v1/info\r\nContent-Length: 0\r\n\r\n");
        var options = new ReductClientOptions { Url = redirector.Url, ApiToken = Secret };
        using var http = new HttpClient(ReductClient.CreateHttpHandler(options)) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new ReductClient(http, options);

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetInfoAsync());

        Assert.Equal(307, error.Status);
        Assert.Empty(elsewhere.RequestHeads);
    }

    [Fact]
    public async Task A_client_on_an_HttpClient_with_the_clients_own_handler_trusts_the_given_CA()
    {
        using var certificates = new TestCertificates();
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Json(InfoJson), certificates.Server);
        var options = new ReductClientOptions { Url = server.Url, TrustedCertificateAuthority = certificates.Authority };
        using var plainHttp = new HttpClient();
        using var plain = new ReductClient(plainHttp, options);
        using var http = new HttpClient(ReductClient.CreateHttpHandler(options));
        using var client = new ReductClient(http, options);

        // The options reach the connections only through the handler.
        Assert.Equal(ReductException.ConnectionFailed, (await Assert.ThrowsAsync<ReductException>(() => plain.GetInfoAsync())).Status);
        Assert.Equal("1.21.0", (await client.GetInfoAsync()).Version);
    }

    [Fact]
    public async Task HTTPS_with_a_private_CA_fails_by_default_and_works_when_the_CA_is_trusted()
    {
        using var certificates = new TestCertificates();
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Json(InfoJson), certificates.Server);

        using var untrusting = new ReductClient(server.Url, Secret);
        ReductException refused = await Assert.ThrowsAsync<ReductException>(() => untrusting.GetInfoAsync());
        Assert.Equal(ReductException.ConnectionFailed, refused.Status);
        Assert.DoesNotContain("Gave up after", refused.Message, StringComparison.Ordinal);

        using var trustingOther = new ReductClient(new ReductClientOptions { Url = server.Url, TrustedCertificateAuthority = certificates.OtherAuthority });
        await Assert.ThrowsAsync<ReductException>(() => trustingOther.GetInfoAsync());

        using var trusting = new ReductClient(new ReductClientOptions { Url = server.Url, ApiToken = Secret, TrustedCertificateAuthority = certificates.Authority });
        ServerInfo info = await trusting.GetInfoAsync();
        Assert.Equal("1.21.0", info.Version);
        Assert.Contains(server.RequestHeads, head => head.Contains("Bearer " + Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_validation_callback_decides_about_the_server_certificate()
    {
        using var certificates = new TestCertificates();
        await using var server = new TinyHttpServer(_ => TinyHttpServer.Json(InfoJson), certificates.Server);
        string pinned = certificates.Server.GetCertHashString();
        X509Certificate? seen = null;

        using var pinning = new ReductClient(new ReductClientOptions
        {
            Url = server.Url,
            ServerCertificateValidation = (_, certificate, _, _) =>
            {
                seen = certificate;
                return certificate?.GetCertHashString() == pinned;
            },
        });
        await pinning.GetInfoAsync();
        Assert.NotNull(seen);

        using var refusing = new ReductClient(new ReductClientOptions { Url = server.Url, ServerCertificateValidation = (_, _, _, _) => false });
        ReductException error = await Assert.ThrowsAsync<ReductException>(() => refusing.GetInfoAsync());
        Assert.Equal(ReductException.ConnectionFailed, error.Status);
        Assert.Single(server.RequestHeads);
    }

    [Fact]
    public void Options_describe_themselves_without_the_token()
    {
        var options = new ReductClientOptions
        {
            Url = new Uri("https://store.example:8383"),
            ApiToken = Secret,
            ServerCertificateValidation = (_, _, _, errors) => errors == SslPolicyErrors.None,
        };

        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("MaxRetryAttempts = 3", options.ToString(), StringComparison.Ordinal);
    }
}
