using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary><c>GET /info</c> reports the fields the real server of the emulated version reports.</summary>
public sealed class InfoFieldTests
{
    private const string Common = "bucket_count,usage,uptime,oldest_record,latest_record,defaults";

    [Theory]
    [InlineData("1.7", "version," + Common)]
    [InlineData("1.8", "version," + Common)]
    [InlineData("1.9", "version," + Common + ",license")]
    [InlineData("1.18", "version," + Common + ",license")]
    [InlineData("1.20", "version," + Common + ",license")]
    [InlineData("1.21", "version,instance_name,instance_role," + Common + ",license")]
    public async Task Info_has_exactly_the_fields_of_the_emulated_version(string version, string fields)
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        using var client = RawHttp.CreateClient(server);

        using var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/info"));

        var root = json.RootElement;
        Assert.Equal(fields.Split(','), root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(version + ".0", root.GetProperty("version").GetString());
        Assert.Equal(["quota_type", "quota_size", "max_block_size", "max_block_records"], root.GetProperty("defaults").GetProperty("bucket").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_patch_release_shows_in_the_server_version_but_not_in_the_api_header()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = "1.19.2" });
        using var client = RawHttp.CreateClient(server);

        using var response = await client.GetAsync("api/v1/info");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("1.19.2", json.RootElement.GetProperty("version").GetString());
        Assert.Equal("1.19", Assert.Single(response.Headers.GetValues("x-reduct-api")));
        Assert.Equal("ReductStore 1.19.2", string.Join(' ', response.Headers.GetValues("Server")));
    }

    [Fact]
    public async Task Uptime_counts_seconds_on_the_server_clock()
    {
        var clock = new ManualClock(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { TimeProvider = clock });
        using var client = RawHttp.CreateClient(server);

        clock.Advance(TimeSpan.FromSeconds(90.5));
        using var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/info"));

        Assert.Equal(90UL, json.RootElement.GetProperty("uptime").GetUInt64());
    }
}
