using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Buckets configured at start-up (<see cref="ReductTestServerOptions.ProvisionedBuckets"/>).</summary>
public sealed class ProvisionedBucketTests
{
    private static Task<ReductTestServer> StartAsync(string? dataPath = null)
    {
        var options = new ReductTestServerOptions { DataPath = dataPath };
        options.ProvisionedBuckets.Add("fixed");
        return ReductTestServer.StartAsync(options);
    }

    [Fact]
    public async Task A_provisioned_bucket_exists_at_start_and_is_reported_provisioned()
    {
        await using var server = await StartAsync();
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("made");

        using var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/list"));

        var buckets = json.RootElement.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(["fixed", "made"], buckets.Select(b => b.GetProperty("name").GetString()));
        Assert.Equal([true, false], buckets.Select(b => b.GetProperty("is_provisioned").GetBoolean()));
        await client.WriteRecordAsync("fixed", "e", 1, [7]);
        Assert.Equal([7], server.Storage.FindRecord("fixed", "e", 1)!.ReadData());
    }

    [Fact]
    public async Task A_provisioned_bucket_cannot_be_changed_removed_or_renamed()
    {
        await using var server = await StartAsync();
        using var client = RawHttp.CreateClient(server);
        using var rename = RawHttp.Request(HttpMethod.Put, "api/v1/b/fixed/rename", """{"new_name":"moved"}"""u8.ToArray(), "application/json");

        using var update = await client.SendAsync(RawHttp.Request(HttpMethod.Put, "api/v1/b/fixed", """{"quota_type":"FIFO"}"""u8.ToArray()));
        using var remove = await client.DeleteAsync("api/v1/b/fixed");
        using var renamed = await client.SendAsync(rename);

        await RawHttp.AssertErrorAsync(update, 409, "Can't change settings of provisioned bucket 'fixed'");
        await RawHttp.AssertErrorAsync(remove, 409, "Can't remove provisioned bucket 'fixed'");
        await RawHttp.AssertErrorAsync(renamed, 409, "Can't rename provisioned bucket 'fixed'");
        using var json = JsonDocument.Parse(await client.GetStringAsync("api/v1/b/fixed"));
        Assert.Equal("NONE", json.RootElement.GetProperty("settings").GetProperty("quota_type").GetString());
        Assert.False(server.Storage.BucketExists("moved"));
    }

    [Fact]
    public async Task Provisioning_keeps_the_data_an_earlier_server_left_in_the_folder()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "reduct-provisioned-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var first = await StartAsync(dataPath))
            {
                using var client = RawHttp.CreateClient(first);
                await client.WriteRecordAsync("fixed", "e", 1, [1, 2]);
            }

            await using var second = await StartAsync(dataPath);

            Assert.Equal([1, 2], second.Storage.FindRecord("fixed", "e", 1)!.ReadData());
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    public async Task An_invalid_provisioned_bucket_name_is_refused_at_start(string name)
    {
        var options = new ReductTestServerOptions();
        options.ProvisionedBuckets.Add(name);

        await Assert.ThrowsAsync<ArgumentException>(() => ReductTestServer.StartAsync(options));
    }
}
