using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class FolderStorageTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "reduct-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    private Task<ReductTestServer> StartAsync(bool discardBodies = false) =>
        ReductTestServer.StartAsync(new ReductTestServerOptions { DataPath = _dataPath, DiscardBodies = discardBodies });

    [Fact]
    public async Task Buckets_settings_and_records_survive_a_restart()
    {
        await using (var first = await StartAsync())
        {
            using var client = RawHttp.CreateClient(first);
            await client.CreateBucketAsync("kept", "{\"max_block_records\":10}");
            await client.CreateBucketAsync("removed");
            await client.WriteRecordAsync("kept", "cam/front", 1, "one"u8.ToArray(), "image/jpeg", new Dictionary<string, string> { ["scene"] = "a" });
            using var batch = RawHttp.Request(HttpMethod.Post, "api/v1/b/kept/imu/batch", "abcd"u8.ToArray());
            batch.Headers.TryAddWithoutValidation("x-reduct-time-10", "2,text/plain,k=\"v,w\"");
            batch.Headers.TryAddWithoutValidation("x-reduct-time-20", "2,");
            using var batchResponse = await client.SendAsync(batch);
            await RawHttp.AssertOkAsync(batchResponse);
            using var removed = await client.DeleteAsync("api/v1/b/removed");
            await RawHttp.AssertOkAsync(removed);
        }

        await using var second = await StartAsync();
        using var reader = RawHttp.CreateClient(second);

        Assert.True(second.Storage.BucketExists("kept"));
        Assert.False(second.Storage.BucketExists("removed"));
        using var settings = JsonDocument.Parse(await reader.GetStringAsync("api/v1/b/kept"));
        Assert.Equal(10UL, settings.RootElement.GetProperty("settings").GetProperty("max_block_records").GetUInt64());
        Assert.Equal(3, second.Storage.CountRecords("kept"));
        using var read = await reader.GetAsync("api/v1/b/kept/cam/front?ts=1");
        Assert.Equal("one"u8.ToArray(), await read.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/jpeg", read.Header("Content-Type"));
        Assert.Equal("a", read.Header("x-reduct-label-scene"));
        var imu = second.Storage.GetRecords("kept", "imu");
        Assert.Equal(new Dictionary<string, string> { ["k"] = "v,w" }, imu[0].Labels);
        Assert.Equal("cd"u8.ToArray(), imu[1].ReadData());
        using var duplicate = await reader.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/kept/imu?ts=10", [1, 2]));
        await RawHttp.AssertErrorAsync(duplicate, 409, "A record with timestamp 10 already exists");
    }

    [Fact]
    public async Task An_errored_record_stays_errored_after_a_restart()
    {
        await using (var first = await StartAsync())
        {
            using var client = RawHttp.CreateClient(first);
            await client.CreateBucketAsync("data");
            first.Faults.AbortConnectionAfterBodyBytes(10);
            await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e?ts=1", new byte[100_000])));
        }

        await using var second = await StartAsync();
        using var reader = RawHttp.CreateClient(second);

        Assert.Null(second.Storage.FindRecord("data", "e", 1));
        using var otherSize = await reader.SendAsync(RawHttp.Request(HttpMethod.Post, "api/v1/b/data/e?ts=1", new byte[5]));
        await RawHttp.AssertErrorAsync(otherSize, 409, "A record with timestamp 1 already exists");
        await reader.WriteRecordAsync("data", "e", 1, new byte[100_000]);
        Assert.Equal(100_000, second.Storage.FindRecord("data", "e", 1)!.ReadData().Length);
    }

    [Fact]
    public async Task Discarded_bodies_keep_their_metadata_across_a_restart()
    {
        string sha;
        await using (var first = await StartAsync(discardBodies: true))
        {
            using var client = RawHttp.CreateClient(first);
            await client.CreateBucketAsync("data");
            await client.WriteRecordAsync("data", "e", 1, "hello"u8.ToArray());
            sha = first.Storage.FindRecord("data", "e", 1)!.Sha256;
        }

        await using var second = await StartAsync(discardBodies: true);

        var record = second.Storage.FindRecord("data", "e", 1)!;
        Assert.Equal(sha, record.Sha256);
        Assert.Equal(5, record.Length);
        Assert.Throws<InvalidOperationException>(() => record.ReadData());
    }
}
