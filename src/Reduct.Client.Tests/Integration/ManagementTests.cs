using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

public class ManagementTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Info_of_a_server_without_buckets_has_u64_max_oldest_record()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);

        ServerInfo info = await client.GetInfoAsync();
        Assert.Equal(new ReductTimestamp(ulong.MaxValue), info.OldestRecord);
        Assert.Equal(ReductTimestamp.Epoch, info.LatestRecord);
        Assert.Equal(0UL, info.BucketCount);
        Assert.Equal("1.21.0", info.Version);
        Assert.Equal(QuotaType.None, info.Defaults?.Bucket?.QuotaType);
        Assert.Equal(64_000_000UL, info.Defaults?.Bucket?.MaxBlockSize);
        Assert.Equal(1024UL, info.Defaults?.Bucket?.MaxBlockRecords);
        Assert.Null(info.License);
        Assert.Equal(new Version(1, 21), client.ServerApiVersion);
    }

    [Fact]
    public async Task Alive_and_ready_need_no_token()
    {
        using ReductClient anonymous = fixture.ClientWithToken(null);
        Assert.True(await anonymous.IsAliveAsync());
        Assert.True(await anonymous.IsReadyAsync());
    }

    [Fact]
    public async Task Alive_is_false_when_nothing_listens_and_is_asked_once()
    {
        var logs = new CollectingLoggerFactory();
        using var client = new ReductClient(new ReductClientOptions { Url = new Uri("http://127.0.0.1:1"), ConnectTimeout = TimeSpan.FromSeconds(2), LoggerFactory = logs });

        Assert.False(await client.IsAliveAsync());
        Assert.False(await client.IsReadyAsync());

        // A probe answers "not now" at once: no retry and its backoff.
        Assert.DoesNotContain(logs.Messages, m => m.Text.Contains("attempt 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_connection_is_a_transport_failure()
    {
        using var client = new ReductClient(new ReductClientOptions { Url = new Uri("http://127.0.0.1:1"), ApiToken = "secret-in-no-message", ConnectTimeout = TimeSpan.FromSeconds(2) });
        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetInfoAsync());
        Assert.Equal(ReductException.ConnectionFailed, error.Status);
        Assert.True(error.IsTransportFailure);
        Assert.DoesNotContain("secret-in-no-message", error.ToString(), StringComparison.Ordinal);

        // The cause ("Connection refused" on Linux) is named once, not once per wrapping exception.
        Exception cause = error;
        while (cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Message, System.Text.RegularExpressions.Regex.Escape(cause.Message)));
    }

    [Fact]
    public async Task A_slow_server_is_a_timeout()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync();
        server.Faults.DelayResponses(TimeSpan.FromSeconds(5), count: 1);
        // Without retries: a retry would meet the undelayed second response (see the Resilience tests).
        using var client = new ReductClient(new ReductClientOptions { Url = server.Url, Timeout = TimeSpan.FromMilliseconds(300), Retry = { MaxRetryAttempts = 0 } });

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetInfoAsync());
        Assert.Equal(ReductException.Timeout, error.Status);
    }

    [Fact]
    public async Task Create_get_update_and_remove_a_bucket()
    {
        string name = fixture.NewBucketName("crud");
        Bucket bucket = await fixture.Client.CreateBucketAsync(name, new BucketSettings { MaxBlockSize = 500, QuotaType = QuotaType.Fifo, QuotaSize = 1_000_000 });

        BucketSettings settings = await bucket.GetSettingsAsync();
        Assert.Equal(500UL, settings.MaxBlockSize);
        Assert.Equal(QuotaType.Fifo, settings.QuotaType);
        Assert.Equal(1_000_000UL, settings.QuotaSize);
        Assert.Equal(1024UL, settings.MaxBlockRecords);

        await bucket.UpdateSettingsAsync(new BucketSettings { MaxBlockRecords = 10 });
        settings = await bucket.GetSettingsAsync();
        Assert.Equal(10UL, settings.MaxBlockRecords);
        Assert.Equal(500UL, settings.MaxBlockSize);

        await bucket.WriteAsync("a", "1", 10UL);
        await bucket.WriteAsync("b/c", "2", 20UL);
        FullBucketInfo full = await bucket.GetFullInfoAsync();
        Assert.Equal(name, full.Info.Name);
        Assert.Equal(new ReductTimestamp(10UL), full.Info.OldestRecord);
        Assert.Equal(new ReductTimestamp(20UL), full.Info.LatestRecord);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(200), full.Info.LatestRecord.ToDateTimeOffset());
        EntryInfo nested = Assert.Single(full.Entries, e => e.Name == "b/c");
        Assert.Equal(new ReductTimestamp(20UL), nested.OldestRecord);
        Assert.Equal(new ReductTimestamp(20UL), nested.LatestRecord);
        Assert.Contains(await bucket.GetEntriesAsync(), e => e.Name == "a" && e.OldestRecord == 10 && e.LatestRecord == 10);
        Assert.Contains(await fixture.Client.ListBucketsAsync(), b => b.Name == name && b.OldestRecord == 10 && b.LatestRecord == 20);
        Assert.Contains(full.Entries, e => e.Name == "a" && e.RecordCount == 1);
        Assert.Contains(full.Entries, e => e.Name == "b/c" && e.RecordCount == 1);
        Assert.Contains(await fixture.Client.ListBucketsAsync(), b => b.Name == name);
        Assert.True(await bucket.ExistsAsync());

        await bucket.RemoveAsync();
        Assert.False(await bucket.ExistsAsync());
        ReductException error = await Assert.ThrowsAsync<ReductException>(() => fixture.Client.GetBucketAsync(name));
        Assert.Equal(404, error.Status);
        Assert.Equal($"Bucket '{name}' is not found", error.ServerMessage);
    }

    [Fact]
    public async Task Create_with_existOk_both_ways()
    {
        string name = fixture.NewBucketName("exist");
        await fixture.Client.CreateBucketAsync(name);

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => fixture.Client.CreateBucketAsync(name));
        Assert.Equal(409, error.Status);
        Assert.Equal($"Bucket '{name}' already exists", error.ServerMessage);

        Bucket again = await fixture.Client.CreateBucketAsync(name, existOk: true);
        Assert.Equal(name, again.Name);
    }

    [Fact]
    public async Task Missing_invalid_and_underprivileged_tokens_get_the_server_messages()
    {
        Bucket bucket = await fixture.NewBucketAsync("auth");

        using ReductClient anonymous = fixture.ClientWithToken(null);
        ReductException missing = await Assert.ThrowsAsync<ReductException>(() => anonymous.GetBucket(bucket.Name).WriteAsync("e", "x", 1UL));
        Assert.Equal(401, missing.Status);
        Assert.Equal("No bearer token in request header", missing.ServerMessage);

        using ReductClient invalid = fixture.ClientWithToken("not-a-token");
        ReductException invalidError = await Assert.ThrowsAsync<ReductException>(() => invalid.GetInfoAsync());
        Assert.Equal(401, invalidError.Status);
        Assert.Equal("Invalid token", invalidError.ServerMessage);

        using ReductClient reader = fixture.ClientWithToken(ServerFixture.ReadToken);
        ReductException readOnly = await Assert.ThrowsAsync<ReductException>(() => reader.GetBucket(bucket.Name).WriteAsync("e", "x", 1UL));
        Assert.Equal(403, readOnly.Status);
        Assert.Equal($"Token 'reader' doesn't have write access to bucket '{bucket.Name}'", readOnly.ServerMessage);

        using ReductClient writer = fixture.ClientWithToken(ServerFixture.WriteToken);
        await writer.GetBucket(bucket.Name).WriteAsync("e", "x", 1UL);
        ReductException writeOnly = await Assert.ThrowsAsync<ReductException>(() => writer.GetBucket(bucket.Name).GetInfoAsync());
        Assert.Equal(403, writeOnly.Status);
        Assert.Equal($"Token 'writer' doesn't have read access to bucket '{bucket.Name}'", writeOnly.ServerMessage);
        ReductException notFull = await Assert.ThrowsAsync<ReductException>(() => writer.CreateBucketAsync("other"));
        Assert.Equal("Token 'writer' doesn't have full access", notFull.ServerMessage);

        using ReductClient nobody = fixture.ClientWithToken(ServerFixture.NoPermissionToken);
        Assert.True(await nobody.GetBucket(bucket.Name).ExistsAsync());
        TokenInfo me = await nobody.GetCurrentTokenAsync();
        Assert.Equal("nobody", me.Name);
        Assert.False(me.Permissions?.FullAccess);
    }

    [Fact]
    public async Task The_server_422_for_a_bad_timestamp_reaches_the_caller_with_its_message()
    {
        // The client cannot produce a malformed timestamp, so a handler rewrites the query as a broken client would.
        using var http = new HttpClient(new QueryRewritingHandler("ts=42", "ts=yesterday") { InnerHandler = new SocketsHttpHandler() });
        using var client = new ReductClient(http, new ReductClientOptions { Url = fixture.Server.Url, ApiToken = ServerFixture.FullToken });
        Bucket bucket = await client.CreateBucketAsync(fixture.NewBucketName("ts"));

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => bucket.WriteAsync("e", "x", 42UL));
        Assert.Equal(422, error.Status);
        Assert.Equal("'ts' must be an unix timestamp in microseconds", error.ServerMessage);
    }

    [Fact]
    public async Task A_server_of_another_major_version_is_refused()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "2.0" });
        using var client = new ReductClient(server.Url);
        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.GetInfoAsync());
        Assert.Equal(ReductException.UnsupportedApiVersion, error.Status);
        Assert.Contains("2.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_server_is_logged_once_as_a_warning()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "1.17" });
        var logs = new CollectingLoggerFactory();
        using var client = new ReductClient(new ReductClientOptions { Url = server.Url, LoggerFactory = logs });

        await client.GetInfoAsync();
        await client.ListBucketsAsync();

        string warning = Assert.Single(logs.Messages, m => m.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Text;
        Assert.Contains("1.17", warning, StringComparison.Ordinal);
        Assert.Equal(new Version(1, 17), client.ServerApiVersion);
    }

    private sealed class QueryRewritingHandler(string from, string to) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri && uri.Query.Contains(from, StringComparison.Ordinal))
            {
                request.RequestUri = new Uri(uri.ToString().Replace(from, to, StringComparison.Ordinal));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
