using System.Net;
using Reduct.Client.Testing;
using Reduct.Client.Tests.ReferenceServer;

namespace Reduct.Client.Tests.Integration;

/// <summary>The token API through the SDK against the reference server: what the server holds and what the tokens can do.</summary>
public sealed class TokenManagementTests
{
    private const string InitToken = "init-secret";
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Create_list_get_and_remove_reach_the_server()
    {
        await using var server = await StartAsync();
        using var client = new ReductClient(server.Url, InitToken);

        CreatedToken created = await client.CreateTokenAsync("ingest", new TokenPermissions { Read = ["data"], Write = ["data", "raw-*"] });

        Assert.Equal("ingest", created.Name);
        Assert.StartsWith("ingest-", created.Value, StringComparison.Ordinal);
        Assert.Equal(Start, created.CreatedAt);
        TokenInfo info = await client.GetTokenAsync("ingest");
        Assert.Equal("ingest", info.Name);
        Assert.False(info.Permissions!.FullAccess);
        Assert.Equal(["data"], info.Permissions.Read);
        Assert.Equal(["data", "raw-*"], info.Permissions.Write);
        Assert.False(info.IsProvisioned);
        Assert.False(info.IsExpired);
        Assert.Null(info.Ttl);
        Assert.Equal(Start, info.CreatedAt);
        Assert.Equal(["ingest", "init-token"], (await client.ListTokensAsync()).Select(t => t.Name));

        await client.RemoveTokenAsync("ingest");

        Assert.Equal(["init-token"], (await client.ListTokensAsync()).Select(t => t.Name));
        ReductException missing = await Assert.ThrowsAsync<ReductException>(() => client.GetTokenAsync("ingest"));
        Assert.Equal(404, missing.Status);
        Assert.Equal("Token 'ingest' doesn't exist", missing.ServerMessage);
        using var removed = new ReductClient(server.Url, created.Value);
        ReductException refused = await Assert.ThrowsAsync<ReductException>(() => removed.GetInfoAsync());
        Assert.Equal("Invalid token", refused.ServerMessage);
    }

    [Fact]
    public async Task Created_tokens_authenticate_and_their_permissions_apply()
    {
        await using var server = await StartAsync();
        using var admin = new ReductClient(server.Url, InitToken);
        await admin.CreateBucketAsync("cam-1");
        await admin.CreateBucketAsync("cam-2");
        await admin.CreateBucketAsync("other");
        await admin.GetBucket("cam-1").WriteAsync("frames", "x"u8.ToArray(), 1UL);

        CreatedToken reader = await admin.CreateTokenAsync("reader", new TokenCreateOptions { Read = ["cam-1"] });
        CreatedToken writer = await admin.CreateTokenAsync("writer", new TokenCreateOptions { Write = ["cam-*"] });
        CreatedToken full = await admin.CreateTokenAsync("admin-2", new TokenCreateOptions { FullAccess = true });

        using var readClient = new ReductClient(server.Url, reader.Value);
        Assert.Equal("x"u8.ToArray(), await readClient.GetBucket("cam-1").ReadBytesAsync("frames", 1UL));
        ReductException readOnly = await Assert.ThrowsAsync<ReductException>(() => readClient.GetBucket("cam-1").WriteAsync("frames", "y"u8.ToArray(), 2UL));
        Assert.Equal(403, readOnly.Status);
        Assert.Equal("Token 'reader' doesn't have write access to bucket 'cam-1'", readOnly.ServerMessage);

        using var writeClient = new ReductClient(server.Url, writer.Value);
        await writeClient.GetBucket("cam-2").WriteAsync("frames", "z"u8.ToArray(), 5UL);
        Assert.Equal("z"u8.ToArray(), await admin.GetBucket("cam-2").ReadBytesAsync("frames", 5UL));
        ReductException outside = await Assert.ThrowsAsync<ReductException>(() => writeClient.GetBucket("other").WriteAsync("frames", "z"u8.ToArray(), 5UL));
        Assert.Equal("Token 'writer' doesn't have write access to bucket 'other'", outside.ServerMessage);

        // Token management needs full access.
        ReductException list = await Assert.ThrowsAsync<ReductException>(() => writeClient.ListTokensAsync());
        Assert.Equal(403, list.Status);
        Assert.Equal("Token 'writer' doesn't have full access", list.ServerMessage);
        ReductException create = await Assert.ThrowsAsync<ReductException>(() => readClient.CreateTokenAsync("x", new TokenCreateOptions()));
        Assert.Equal("Token 'reader' doesn't have full access", create.ServerMessage);
        await Assert.ThrowsAsync<ReductException>(() => readClient.RemoveTokenAsync("writer"));
        await Assert.ThrowsAsync<ReductException>(() => readClient.RotateTokenAsync("writer"));
        Assert.Equal(["admin-2", "init-token", "reader", "writer"], (await admin.ListTokensAsync()).Select(t => t.Name));

        using var fullClient = new ReductClient(server.Url, full.Value);
        await fullClient.RemoveTokenAsync("writer");
        Assert.Equal(["admin-2", "init-token", "reader"], (await admin.ListTokensAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task Rotation_gives_a_new_secret_and_the_old_one_stops_working()
    {
        var clock = new ManualClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = new ReductClient(server.Url, InitToken);
        CreatedToken first = await admin.CreateTokenAsync("svc", new TokenCreateOptions { Read = ["*"] });
        clock.Advance(TimeSpan.FromMinutes(5));

        CreatedToken rotated = await admin.RotateTokenAsync("svc");

        Assert.Equal("svc", rotated.Name);
        Assert.NotEqual(first.Value, rotated.Value);
        Assert.Equal(Start.AddMinutes(5), rotated.CreatedAt);
        using var old = new ReductClient(server.Url, first.Value);
        ReductException refused = await Assert.ThrowsAsync<ReductException>(() => old.ListBucketsAsync());
        Assert.Equal(401, refused.Status);
        Assert.Equal("Invalid token", refused.ServerMessage);
        using var fresh = new ReductClient(server.Url, rotated.Value);
        Assert.Equal("svc", (await fresh.GetCurrentTokenAsync()).Name);
        Assert.Equal(Start.AddMinutes(5), (await admin.GetTokenAsync("svc")).CreatedAt);
    }

    [Fact]
    public async Task Expiry_and_ttl_are_sent_and_enforced()
    {
        var clock = new ManualClock(Start);
        await using var server = await StartAsync(clock);
        using var admin = new ReductClient(server.Url, InitToken);

        CreatedToken dated = await admin.CreateTokenAsync("dated", new TokenCreateOptions { Read = ["*"], ExpiresAt = Start.AddHours(1) });
        CreatedToken idle = await admin.CreateTokenAsync("idle", new TokenCreateOptions { Read = ["*"], Ttl = TimeSpan.FromMinutes(10) });

        TokenInfo datedInfo = await admin.GetTokenAsync("dated");
        Assert.Equal(Start.AddHours(1), datedInfo.ExpiresAt);
        Assert.Equal(600UL, (await admin.GetTokenAsync("idle")).Ttl);
        using var datedClient = new ReductClient(server.Url, dated.Value);
        using var idleClient = new ReductClient(server.Url, idle.Value);
        await datedClient.ListBucketsAsync();
        await idleClient.ListBucketsAsync();

        // Used within its TTL, the idle token lives on; an hour later both have expired.
        clock.Advance(TimeSpan.FromMinutes(9));
        await idleClient.ListBucketsAsync();
        clock.Advance(TimeSpan.FromMinutes(9));
        await idleClient.ListBucketsAsync();
        clock.Advance(TimeSpan.FromMinutes(45));

        foreach (ReductClient expired in new[] { datedClient, idleClient })
        {
            ReductException error = await Assert.ThrowsAsync<ReductException>(() => expired.ListBucketsAsync());
            Assert.Equal(401, error.Status);
            Assert.Equal("Token has expired", error.ServerMessage);
        }

        Assert.True((await admin.GetTokenAsync("dated")).IsExpired);
        Assert.True((await admin.GetTokenAsync("idle")).IsExpired);
        ReductException past = await Assert.ThrowsAsync<ReductException>(() => admin.CreateTokenAsync("late", new TokenCreateOptions { ExpiresAt = Start }));
        Assert.Equal(422, past.Status);
        Assert.Equal("Token expiration date must not be in the past", past.ServerMessage);
    }

    [Fact]
    public async Task An_ip_allowlist_admits_only_the_listed_addresses()
    {
        await using var server = await StartAsync();
        using var admin = new ReductClient(server.Url, InitToken);
        CreatedToken token = await admin.CreateTokenAsync("lan", new TokenCreateOptions { Read = ["*"], IpAllowlist = ["10.0.0.0/8", "192.0.2.7"] });
        Assert.Equal(["10.0.0.0/8", "192.0.2.7"], (await admin.GetTokenAsync("lan")).IpAllowlist);

        using var direct = new ReductClient(server.Url, token.Value);
        ReductException refused = await Assert.ThrowsAsync<ReductException>(() => direct.ListBucketsAsync());
        Assert.Equal(401, refused.Status);
        Assert.Equal("Token is not allowed for client IP 127.0.0.1", refused.ServerMessage);

        // A loopback peer may name the client it forwards for, as a proxy does.
        using var proxied = new HttpClient { DefaultRequestHeaders = { { "X-Forwarded-For", "10.1.2.3" } } };
        using var viaProxy = new ReductClient(proxied, new ReductClientOptions { Url = server.Url, ApiToken = token.Value });
        Assert.Empty(await viaProxy.ListBucketsAsync());
    }

    [Fact]
    public async Task The_server_errors_reach_the_caller_with_their_texts()
    {
        await using var server = await StartAsync();
        using var admin = new ReductClient(server.Url, InitToken);
        await admin.CreateTokenAsync("dup", new TokenCreateOptions());

        ReductException exists = await Assert.ThrowsAsync<ReductException>(() => admin.CreateTokenAsync("dup", new TokenCreateOptions()));
        Assert.Equal(409, exists.Status);
        Assert.Equal("Token 'dup' already exists", exists.ServerMessage);
        ReductException missing = await Assert.ThrowsAsync<ReductException>(() => admin.RemoveTokenAsync("nope"));
        Assert.Equal(404, missing.Status);
        Assert.Equal("Token 'nope' doesn't exist", missing.ServerMessage);
        ReductException rotateMissing = await Assert.ThrowsAsync<ReductException>(() => admin.RotateTokenAsync("nope"));
        Assert.Equal("Token 'nope' doesn't exist", rotateMissing.ServerMessage);
        ReductException provisioned = await Assert.ThrowsAsync<ReductException>(() => admin.RemoveTokenAsync("init-token"));
        Assert.Equal(409, provisioned.Status);
        Assert.Equal("Can't remove provisioned token 'init-token'", provisioned.ServerMessage);
        ReductException rotateInit = await Assert.ThrowsAsync<ReductException>(() => admin.RotateTokenAsync("init-token"));
        Assert.Equal(409, rotateInit.Status);
        Assert.Equal("Can't rotate init token", rotateInit.ServerMessage);
        TokenInfo init = await admin.GetTokenAsync("init-token");
        Assert.True(init.IsProvisioned);
        Assert.True(init.Permissions!.FullAccess);
    }

    [Fact]
    public async Task Without_authentication_the_server_answers_400_and_an_empty_list()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions());
        using var client = new ReductClient(server.Url);

        Assert.Empty(await client.ListTokensAsync());
        foreach (Func<Task> call in new Func<Task>[]
        {
            () => client.GetTokenAsync("a"),
            () => client.CreateTokenAsync("a", new TokenCreateOptions()),
            () => client.RotateTokenAsync("a"),
        })
        {
            ReductException error = await Assert.ThrowsAsync<ReductException>(call);
            Assert.Equal(400, error.Status);
            Assert.Equal("Authentication is disabled", error.ServerMessage);
        }

        await client.RemoveTokenAsync("a");
    }

    [Fact]
    public async Task An_old_server_gets_the_legacy_body_and_the_newer_options_are_refused_before_sending()
    {
        await using var server = await StartAsync(apiVersion: "1.18");
        using var admin = new ReductClient(server.Url, InitToken);

        CreatedToken token = await admin.CreateTokenAsync("old", new TokenCreateOptions { Read = ["a"], Write = ["b*"] });
        TokenInfo info = await admin.GetTokenAsync("old");
        Assert.Equal(["a"], info.Permissions!.Read);
        Assert.Equal(["b*"], info.Permissions.Write);
        Assert.Null(info.Ttl);
        using var old = new ReductClient(server.Url, token.Value);
        Assert.Equal("old", (await old.GetCurrentTokenAsync()).Name);

        long requests = server.Statistics.RequestCount;
        foreach (Func<Task> call in new Func<Task>[]
        {
            () => admin.CreateTokenAsync("t", new TokenCreateOptions { Ttl = TimeSpan.FromSeconds(60) }),
            () => admin.CreateTokenAsync("t", new TokenCreateOptions { ExpiresAt = Start.AddDays(1) }),
            () => admin.CreateTokenAsync("t", new TokenCreateOptions { IpAllowlist = ["10.0.0.1"] }),
            () => admin.RotateTokenAsync("old"),
        })
        {
            ReductException error = await Assert.ThrowsAsync<ReductException>(call);
            Assert.Equal(ReductException.NotSupportedByServer, error.Status);
            Assert.Contains("API 1.19", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(requests, server.Statistics.RequestCount);
        Assert.Equal(["init-token", "old"], (await admin.ListTokensAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_anything_is_sent()
    {
        await using var server = await StartAsync();
        using var admin = new ReductClient(server.Url, InitToken);
        long requests = server.Statistics.RequestCount;

        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => admin.CreateTokenAsync("", new TokenCreateOptions()))).ParamName);
        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => admin.GetTokenAsync(".."))).ParamName);
        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => admin.RemoveTokenAsync("a\nb"))).ParamName);
        foreach (TokenCreateOptions bad in new[]
        {
            new TokenCreateOptions { Read = ["my bucket"] },
            new TokenCreateOptions { Write = [""] },
            new TokenCreateOptions { Write = ["a/b"] },
            new TokenCreateOptions { Ttl = TimeSpan.Zero },
            new TokenCreateOptions { Ttl = TimeSpan.FromMilliseconds(1500) },
            new TokenCreateOptions { IpAllowlist = ["nonsense"] },
        })
        {
            ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => admin.CreateTokenAsync("t", bad));
            Assert.Equal("options", error.ParamName);
        }

        Assert.Equal(requests, server.Statistics.RequestCount);

        // System buckets and wildcards are what the server allows.
        await admin.CreateTokenAsync("sys", new TokenCreateOptions { Read = ["$system", "*"], Write = ["a-*_b"] });
        Assert.Equal(["$system", "*"], (await admin.GetTokenAsync("sys")).Permissions!.Read);
    }

    [Fact]
    public async Task A_name_that_needs_percent_encoding_reaches_the_server_as_it_is()
    {
        await using var server = await StartAsync();
        using var admin = new ReductClient(server.Url, InitToken);

        await admin.CreateTokenAsync("my token?#1", new TokenCreateOptions());

        Assert.Equal("my token?#1", (await admin.GetTokenAsync("my token?#1")).Name);
        await admin.RemoveTokenAsync("my token?#1");
        Assert.Equal(["init-token"], (await admin.ListTokensAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task The_secret_is_never_printed_or_logged()
    {
        await using var server = await StartAsync();
        var logs = new CollectingLoggerFactory();
        using var admin = new ReductClient(new ReductClientOptions { Url = server.Url, ApiToken = InitToken, LoggerFactory = logs });

        CreatedToken created = await admin.CreateTokenAsync("quiet", new TokenCreateOptions { Read = ["*"] });
        CreatedToken rotated = await admin.RotateTokenAsync("quiet");

        Assert.DoesNotContain(created.Value, created.ToString(), StringComparison.Ordinal);
        Assert.Contains("Value = ***", rotated.ToString(), StringComparison.Ordinal);
        Assert.Contains("quiet", rotated.ToString(), StringComparison.Ordinal);
        string logged = string.Join("\n", logs.Messages.Select(m => m.Text));
        Assert.NotEmpty(logs.Messages);
        Assert.DoesNotContain(created.Value, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(rotated.Value, logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readme_examples_run_as_written()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = InitToken });
        using var client = new ReductClient(server.Url, InitToken);
        Bucket bucket = await client.CreateBucketAsync("cameras");
        ReductTimestamp timestamp = ReductTimestamp.Now;
        await bucket.WriteAsync("camera", "jpeg"u8.ToArray(), timestamp);

        // README "Managing tokens", as written there.
        CreatedToken camera = await client.CreateTokenAsync("camera-7", new TokenCreateOptions
        {
            Read = ["cameras"],
            Write = ["camera-*"],
            Ttl = TimeSpan.FromDays(30),
            IpAllowlist = ["10.0.0.0/8"],
        });
        using var cameraClient = new ReductClient(client.Url, camera.Value);
        IReadOnlyList<TokenInfo> tokens = await client.ListTokensAsync();
        TokenInfo info = await client.GetTokenAsync("camera-7");
        CreatedToken renewed = await client.RotateTokenAsync("camera-7");

        // README "Query links".
        Uri link = await bucket.CreateQueryLinkAsync("camera", timestamp, new QueryLinkOptions
        {
            ExpireAt = DateTimeOffset.UtcNow.AddHours(1),
            FileName = "frame.jpg",
        });

        await client.RemoveTokenAsync("camera-7");
        Assert.Equal(["camera-7", "init-token"], tokens.Select(t => t.Name));
        Assert.Equal(["10.0.0.0/8"], info.IpAllowlist);
        Assert.NotEqual(camera.Value, renewed.Value);
        using var anonymous = new HttpClient();
        Assert.Equal("jpeg", await anonymous.GetStringAsync(link));
    }

    private static Task<ReductTestServer> StartAsync(TimeProvider? clock = null, string apiVersion = "1.21") =>
        ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = InitToken, TimeProvider = clock ?? new ManualClock(Start), ApiVersion = apiVersion });
}
