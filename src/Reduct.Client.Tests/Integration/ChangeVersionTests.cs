using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>
/// Label updates need API 1.11, removals by timestamp and renames 1.12: on an older server each such call is refused
/// before any byte of it is sent (the only request is the one that learns the server's version), with an error that
/// names what it needs and what the server speaks.
/// </summary>
public sealed class ChangeVersionTests
{
    private const ulong At = 1_700_000_000_000_000;

    public static TheoryData<string, string, Func<Bucket, Task>> RefusedCalls => new()
    {
        { "1.10", "Updating labels needs ReductStore API 1.11", b => b.UpdateLabelsAsync("e", At, new LabelUpdate { Labels = { ["a"] = 1 } }) },
        { "1.10", "Updating labels needs ReductStore API 1.11", b => b.UpdateLabelsAsync("e", new Dictionary<ReductTimestamp, LabelUpdate> { [At] = new LabelUpdate() }) },
        { "1.10", "Updating labels needs ReductStore API 1.11", b => b.UpdateLabelsAsync(new Dictionary<RecordKey, LabelUpdate> { [new RecordKey("e", At)] = new LabelUpdate() }) },
        { "1.11", "Removing records by timestamp needs ReductStore API 1.12", b => b.RemoveRecordAsync("e", At) },
        { "1.11", "Removing records by timestamp needs ReductStore API 1.12", b => b.RemoveRecordsAsync("e", [At]) },
        { "1.11", "Removing records by timestamp needs ReductStore API 1.12", b => b.RemoveRecordsAsync([new RecordKey("e", At)]) },
        { "1.11", "Renaming entries and buckets needs ReductStore API 1.12", b => b.RenameEntryAsync("e", "f") },
        { "1.11", "Renaming entries and buckets needs ReductStore API 1.12", b => b.RenameAsync("other") },
    };

    [Theory]
    [MemberData(nameof(RefusedCalls))]
    public async Task A_call_is_refused_on_an_older_server_after_one_version_request(string version, string needs, Func<Bucket, Task> call)
    {
        await using ReductTestServer server = await StartAsync(version);
        using var client = new ReductClient(server.Url);

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => call(client.GetBucket("demo")));

        Assert.Equal(ReductException.NotSupportedByServer, error.Status);
        Assert.StartsWith(needs + " or newer; the server speaks API " + version + ". Nothing was sent.", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Statistics.RequestCount);
        Assert.Equal([At], server.Storage.GetRecords("demo", "e").Select(r => r.Timestamp));
        Assert.Equal("1", server.Storage.FindRecord("demo", "e", At)!.Labels["a"]);
    }

    [Fact]
    public async Task A_hierarchical_entry_is_refused_before_1_19()
    {
        await using ReductTestServer server = await StartAsync("1.18");
        using var client = new ReductClient(server.Url);

        ReductException error = await Assert.ThrowsAsync<ReductException>(
            () => client.GetBucket("demo").RemoveRecordsAsync([new RecordKey("e", At), new RecordKey("cam/front", At)]));

        Assert.Equal(ReductException.NotSupportedByServer, error.Status);
        Assert.Contains("'cam/front'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Statistics.RequestCount);
        Assert.Single(server.Storage.GetRecords("demo", "e"));
    }

    [Fact]
    public async Task The_oldest_versions_with_each_feature_take_the_calls()
    {
        await using ReductTestServer server = await StartAsync("1.12");
        using var client = new ReductClient(server.Url);
        Bucket bucket = client.GetBucket("demo");

        await bucket.UpdateLabelsAsync("e", At, new LabelUpdate { Labels = { ["a"] = 2 } });
        Assert.Empty(await bucket.UpdateLabelsAsync(new Dictionary<RecordKey, LabelUpdate> { [new RecordKey("e", At)] = new LabelUpdate { Labels = { ["b"] = 3 } } }));
        await bucket.RenameEntryAsync("e", "f");
        Assert.Empty(await bucket.RemoveRecordsAsync([new RecordKey("f", At)]));

        Assert.Empty(server.Storage.GetRecords("demo", "f"));
    }

    private static async Task<ReductTestServer> StartAsync(string version)
    {
        var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        using (var admin = new ReductClient(server.Url))
        {
            Bucket bucket = await admin.CreateBucketAsync("demo");
            await bucket.WriteAsync("e", "x", At, new RecordWriteOptions { Labels = new Labels { ["a"] = 1 } });
        }

        server.Statistics.Reset();
        return server;
    }
}
