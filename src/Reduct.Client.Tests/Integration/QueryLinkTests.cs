using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Reduct.Client.Testing;
using Reduct.Client.Tests.ReferenceServer;

namespace Reduct.Client.Tests.Integration;

using Condition = Reduct.Client.Condition;

/// <summary>Query links made with the SDK and downloaded with a plain HTTP client, as a browser or another program would.</summary>
public sealed class QueryLinkTests
{
    private const string InitToken = "init-secret";
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ReductTimestamp At = ReductTimestamp.FromDateTimeOffset(Start.AddMinutes(-10));

    [Theory]
    [InlineData("1.18")]
    [InlineData("1.19")]
    [InlineData("1.19.1")]
    [InlineData("1.19.2")]
    [InlineData("1.21")]
    public async Task A_link_downloads_the_record_without_a_token(string version)
    {
        await using var setup = await StartAsync(version);
        Bucket bucket = setup.Bucket;

        Uri link = await bucket.CreateQueryLinkAsync("camera", At, new QueryLinkOptions { FileName = "frame 1.txt", ExpireAt = Start.AddHours(1) });

        Assert.StartsWith(setup.Server.Url + "api/v1/links/frame%201.txt?", link.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("&i=reader&", link.Query, StringComparison.Ordinal);
        using var anonymous = new HttpClient();
        using HttpResponseMessage response = await anonymous.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello world", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(11, response.Content.Headers.ContentLength);
        Assert.Equal("front", Assert.Single(response.Headers.GetValues("x-reduct-label-camera")));
        Assert.Equal(At.Microseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("x-reduct-time")));
        Assert.Equal(["bytes"], response.Headers.AcceptRanges);
    }

    [Theory]
    [InlineData("1.17")]
    [InlineData("1.19")]
    [InlineData("1.19.1")]
    [InlineData("1.19.2")]
    [InlineData("1.20")]
    public async Task A_link_in_a_wide_range_answers_its_own_record_on_every_version(string version)
    {
        // Before 1.19.2 the server answers the n-th record of the query, so the client narrows the query to the record:
        // sent with a wide range and index 0 instead, the link would answer the earlier record.
        await using var setup = await StartAsync(version);
        ReductTimestamp later = new(At.Microseconds + 10);
        await setup.Writer.WriteAsync("camera", "second"u8.ToArray(), later);

        Uri link = await setup.Bucket.CreateQueryLinkAsync("camera", later, new QueryLinkOptions { Start = At, Stop = new ReductTimestamp(later.Microseconds + 5), ExpireAt = Start.AddHours(1) });

        using var anonymous = new HttpClient();
        Assert.Equal("second", await anonymous.GetStringAsync(link));
    }

    [Fact]
    public async Task Ranges_answer_206_with_the_parts_asked_for()
    {
        await using var setup = await StartAsync();
        Uri link = await setup.Bucket.CreateQueryLinkAsync("camera", At, new QueryLinkOptions { ExpireAt = Start.AddHours(1) });
        using var anonymous = new HttpClient();

        (HttpStatusCode status, string body, string? range) first = await GetRangeAsync(anonymous, link, "bytes=0-4");
        (HttpStatusCode status, string body, string? range) suffix = await GetRangeAsync(anonymous, link, "bytes=-3");
        (HttpStatusCode status, string body, string? range) open = await GetRangeAsync(anonymous, link, "bytes=6-");
        (HttpStatusCode status, string body, string? range) several = await GetRangeAsync(anonymous, link, "bytes=0-1,4-5");
        (HttpStatusCode status, string body, string? range) beyond = await GetRangeAsync(anonymous, link, "bytes=50-60");

        Assert.Equal((HttpStatusCode.PartialContent, "Hello", "bytes 0-4/11"), first);
        Assert.Equal((HttpStatusCode.PartialContent, "rld", "bytes 8-10/11"), suffix);
        Assert.Equal((HttpStatusCode.PartialContent, "world", "bytes 6-10/11"), open);
        Assert.Equal((HttpStatusCode.PartialContent, "Heo ", "bytes 0-1/11"), several);
        Assert.Equal((HttpStatusCode.RequestedRangeNotSatisfiable, string.Empty, "bytes */11"), beyond);
    }

    [Fact]
    public async Task Rotating_or_removing_the_issuing_token_ends_its_links()
    {
        await using var setup = await StartAsync();
        Uri link = await setup.Bucket.CreateQueryLinkAsync("camera", At, new QueryLinkOptions { ExpireAt = Start.AddHours(1) });
        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(link)).StatusCode);

        await setup.Admin.RotateTokenAsync("reader");
        await AssertErrorAsync(anonymous, link, 422, "Failed to decrypt query: aead::Error");

        await setup.Admin.RemoveTokenAsync("reader");
        await AssertErrorAsync(anonymous, link, 404, "Token 'reader' doesn't exist");
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        await using var setup = await StartAsync();
        Uri link = await setup.Bucket.CreateQueryLinkAsync("camera", At, new QueryLinkOptions { ExpireAt = Start.AddMinutes(30) });
        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(link)).StatusCode);

        setup.Clock.Advance(TimeSpan.FromMinutes(31));

        await AssertErrorAsync(anonymous, link, 422, "Query link has expired");
    }

    [Fact]
    public async Task A_record_outside_the_query_result_is_404_and_another_of_the_result_can_be_named()
    {
        await using var setup = await StartAsync();
        ReductTimestamp later = new(At.Microseconds + 10);
        await setup.Writer.WriteAsync("camera", "second"u8.ToArray(), later, new RecordWriteOptions { Labels = new Labels { ["camera"] = "back" } });
        using var anonymous = new HttpClient();

        // The condition leaves the record out of the result.
        Uri excluded = await setup.Bucket.CreateQueryLinkAsync("camera", At, new QueryLinkOptions { When = Condition.Label("camera").Equal("back"), ExpireAt = Start.AddHours(1) });
        await AssertErrorAsync(anonymous, excluded, 404, $"Record camera/{At.Microseconds} not found in query result");

        // A link over a range may name any record of it (1.19.2+), but none outside it.
        Uri wide = await setup.Bucket.CreateQueryLinkAsync("camera", At, new QueryLinkOptions { Start = At, Stop = new ReductTimestamp(At.Microseconds + 11), ExpireAt = Start.AddHours(1) });
        Assert.Equal("second", await anonymous.GetStringAsync(new Uri(wide + $"&e=camera&ts={later.Microseconds}")));
        await AssertErrorAsync(anonymous, new Uri(wide + $"&e=camera&ts={At.Microseconds + 11}"), 404, $"Record camera/{At.Microseconds + 11} not found in query result");
        await AssertErrorAsync(anonymous, new Uri(wide + "&e=camera"), 422, "Both 'e' and 'ts' parameters must be provided together");
    }

    [Fact]
    public async Task A_base_url_replaces_the_servers_own()
    {
        await using var setup = await StartAsync();

        Uri link = await setup.Bucket.CreateQueryLinkAsync("camera", At, new QueryLinkOptions { BaseUrl = new Uri("https://files.example.com/store"), ExpireAt = Start.AddHours(1) });

        Assert.StartsWith("https://files.example.com/store/api/v1/links/camera_", link.AbsoluteUri, StringComparison.Ordinal);
        using var anonymous = new HttpClient();
        var local = new Uri(setup.Server.Url, link.PathAndQuery[("/store/".Length)..]);
        Assert.Equal("Hello world", await anonymous.GetStringAsync(local));
    }

    [Fact]
    public async Task The_issuer_needs_read_access_and_an_old_server_is_refused_before_sending()
    {
        await using var setup = await StartAsync();
        ReductException forbidden = await Assert.ThrowsAsync<ReductException>(() => setup.Writer.CreateQueryLinkAsync("camera", At));
        Assert.Equal(403, forbidden.Status);
        Assert.Equal($"Token 'writer' doesn't have read access to bucket '{setup.Bucket.Name}'", forbidden.ServerMessage);

        await using var old = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "1.16" });
        using var client = new ReductClient(old.Url);
        await client.GetInfoAsync();
        long requests = old.Statistics.RequestCount;
        ReductException refused = await Assert.ThrowsAsync<ReductException>(() => client.GetBucket("b").CreateQueryLinkAsync("camera", At));
        Assert.Equal(ReductException.NotSupportedByServer, refused.Status);
        Assert.Contains("API 1.17", refused.Message, StringComparison.Ordinal);
        Assert.Equal(requests, old.Statistics.RequestCount);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_anything_is_sent()
    {
        await using var setup = await StartAsync();
        long requests = setup.Server.Statistics.RequestCount;
        foreach (QueryLinkOptions bad in new[]
        {
            new QueryLinkOptions { Start = new ReductTimestamp(At.Microseconds + 1) },
            new QueryLinkOptions { Stop = At },
            new QueryLinkOptions { FileName = "a/b.txt" },
            new QueryLinkOptions { FileName = "" },
            new QueryLinkOptions { BaseUrl = new Uri("ftp://example.com/") },
        })
        {
            ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => setup.Bucket.CreateQueryLinkAsync("camera", At, bad));
            Assert.Equal("options", error.ParamName);
        }

        await Assert.ThrowsAsync<ArgumentException>(() => setup.Bucket.CreateQueryLinkAsync("bad entry", At));
        Assert.Equal(requests, setup.Server.Statistics.RequestCount);
    }

    private static async Task<(HttpStatusCode, string, string?)> GetRangeAsync(HttpClient client, Uri link, string range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, link);
        request.Headers.TryAddWithoutValidation("Range", range);
        using HttpResponseMessage response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Content.Headers.TryGetValues("Content-Range", out IEnumerable<string>? values) ? values.Single() : null);
    }

    private static async Task AssertErrorAsync(HttpClient client, Uri link, int status, string message)
    {
        using HttpResponseMessage response = await client.GetAsync(link);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(message, Assert.Single(response.Headers.GetValues("x-reduct-error")));
    }

    private static async Task<Setup> StartAsync(string version = "1.21")
    {
        var clock = new ManualClock(Start);
        var options = new ReductTestServerOptions { ApiToken = InitToken, TimeProvider = clock, ApiVersion = version };
        ReductTestServer server = await ReductTestServer.StartAsync(options);
        var admin = new ReductClient(server.Url, InitToken);
        await admin.CreateBucketAsync("shared");
        CreatedToken reader = await admin.CreateTokenAsync("reader", new TokenPermissions { Read = ["shared"] });
        CreatedToken writer = await admin.CreateTokenAsync("writer", new TokenPermissions { Write = ["shared"] });
        var readClient = new ReductClient(server.Url, reader.Value);
        var writeClient = new ReductClient(server.Url, writer.Value);
        await writeClient.GetBucket("shared").WriteAsync("camera", Encoding.UTF8.GetBytes("Hello world"), At,
            new RecordWriteOptions { ContentType = "text/plain", Labels = new Labels { ["camera"] = "front" } });
        return new Setup(server, clock, admin, readClient, writeClient);
    }

    private sealed class Setup(ReductTestServer server, ManualClock clock, ReductClient admin, ReductClient reader, ReductClient writer) : IAsyncDisposable
    {
        public ReductTestServer Server { get; } = server;

        public ManualClock Clock { get; } = clock;

        public ReductClient Admin { get; } = admin;

        public Bucket Bucket { get; } = reader.GetBucket("shared");

        public Bucket Writer { get; } = writer.GetBucket("shared");

        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            reader.Dispose();
            writer.Dispose();
            await Server.DisposeAsync();
        }
    }
}
