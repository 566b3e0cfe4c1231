using System.Net;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class ErrorConventionTests : IAsyncLifetime
{
    private ReductTestServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = "secret" });
        _client = RawHttp.CreateClient(_server, "secret");
        await _client.CreateBucketAsync("data");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_message_that_cannot_be_a_header_value_reads_unparsable_in_the_header_only()
    {
        using var response = await _client.GetAsync("api/v1/b/a%01b");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Unparsable message", response.Header("x-reduct-error"));
        Assert.Equal("{\"detail\": \"Bucket 'a\u0001b' is not found\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Early_errors_without_expect_drain_the_body_but_auth_errors_do_not()
    {
        var body = new byte[1 << 20];
        _server.Statistics.Reset();
        using (var missingBucket = await _client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/missing/e?ts=1", body)))
        {
            await RawHttp.AssertErrorAsync(missingBucket, 404, "Bucket 'missing' is not found");
        }

        Assert.Equal(body.Length, _server.Statistics.BodyBytes);

        _server.Statistics.Reset();
        using var anonymous = RawHttp.CreateClient(_server);
        using (var unauthorized = await anonymous.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e?ts=1", new byte[10])))
        {
            await RawHttp.AssertErrorAsync(unauthorized, 401, "No bearer token in request header");
        }

        Assert.Equal(0, _server.Statistics.BodyBytes);
    }

    [Fact]
    public async Task Reading_a_record_whose_label_name_is_not_a_header_token_is_500_not_a_crash()
    {
        using var batch = RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e/batch", "a"u8.ToArray());
        batch.Headers.TryAddWithoutValidation("x-reduct-time-1", "1,text/plain,@cpu=3");
        using var written = await _client.SendAsync(batch);
        await RawHttp.AssertOkAsync(written);

        using var read = await _client.GetAsync("api/v1/b/data/e?ts=1");
        using var alive = await _client.GetAsync("api/v1/alive");

        await RawHttp.AssertErrorAsync(read, 500, "Label name '@cpu' cannot be sent as an HTTP header");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Replication_query_link_and_lifecycle_routes_are_served_where_the_version_has_them()
    {
        await using var old = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "1.16" });
        using var oldClient = RawHttp.CreateClient(old);

        using var replications = await _client.GetAsync("api/v1/replications");
        using var replication = await _client.PostAsync("api/v1/replications/mirror", "{}");
        using var link = await _client.PostAsync("api/v1/links/frame.jpg", "{}");
        using var oldLink = await oldClient.PostAsync("api/v1/links/frame.jpg", "{}");
        using var oldLifecycles = await oldClient.GetAsync("api/v1/lifecycles");

        // Replication tasks are implemented (see Integration/ReplicationTests): an empty list, a body without its fields.
        Assert.Equal(System.Net.HttpStatusCode.OK, replications.StatusCode);
        Assert.Equal("{\"replications\":[]}", await replications.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, replication.StatusCode);
        Assert.StartsWith("Invalid JSON: missing field `src_bucket`", replication.Headers.GetValues("x-reduct-error").Single(), StringComparison.Ordinal);
        Assert.Equal(422, (int)link.StatusCode); // query links are implemented: this body lacks its fields
        await RawHttp.AssertErrorAsync(oldLink, 404, "Not found");
        await RawHttp.AssertErrorAsync(oldLifecycles, 404, "Not found");
    }
}
