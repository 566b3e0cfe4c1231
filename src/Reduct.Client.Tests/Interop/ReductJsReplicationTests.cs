using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Interop;

using Condition = Reduct.Client.Condition;

/// <summary>
/// Replication tasks across SDKs: Reduct.Client reads, uses and removes the task reduct-js created, and reduct-js reads
/// and updates the one Reduct.Client created (replication.mjs); both are checked on the reference server.
/// </summary>
public class ReductJsReplicationTests
{
    private const string ApiToken = "replication-token";

    [Fact]
    public async Task Each_SDK_reads_and_changes_the_task_the_other_created()
    {
        await NodeEnvironment.PrepareAsync();
        await using var destination = await ReductTestServer.StartAsync();
        await using var source = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = ApiToken });
        using var central = new ReductClient(destination.Url);
        await central.CreateBucketAsync("central");
        using var client = new ReductClient(source.Url, ApiToken);
        Bucket gateway = await client.CreateBucketAsync("gateway");

        await client.CreateReplicationAsync("from-csharp", new ReplicationSettings
        {
            SourceBucket = "gateway",
            DestinationBucket = "central",
            DestinationHost = destination.Url.ToString(),
            DestinationToken = "csharp-destination-token",
            Entries = ["sensor-*", "camera"],
            When = Condition.Label("quality").Equal("good"),
            Mode = ReplicationMode.Paused,
        });

        var scripts = new ReductJsScripts(source.Url, ApiToken);
        var outcome = await scripts.RunAsync("replication.mjs", "gateway",
            "--dst-host", destination.Url.ToString(), "--dst-bucket", "central", "--read", "from-csharp");
        outcome.AssertSucceeded("reduct-js replication calls");
        using JsonDocument report = JsonDocument.Parse(outcome.StandardOutput);
        JsonElement read = report.RootElement.GetProperty("read");

        // What reduct-js read of the task Reduct.Client created.
        Assert.Equal("from-csharp", read.GetProperty("name").GetString());
        Assert.Equal("paused", read.GetProperty("mode").GetString());
        Assert.Equal("paused", read.GetProperty("settingsMode").GetString());
        Assert.Equal("gateway", read.GetProperty("srcBucket").GetString());
        Assert.Equal("central", read.GetProperty("dstBucket").GetString());
        Assert.Equal(destination.Url.ToString(), read.GetProperty("dstHost").GetString());
        Assert.Equal(["sensor-*", "camera"], read.GetProperty("entries").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("{\"&quality\":{\"$eq\":\"good\"}}", read.GetProperty("when").GetString());
        Assert.Equal(["from-csharp", "from-js"], report.RootElement.GetProperty("names").EnumerateArray().Select(e => e.GetString()));

        // What reduct-js changed: a PUT of every setting, then the mode.
        FullReplicationInfo updated = await client.GetReplicationAsync("from-csharp");
        Assert.Equal("central-js", updated.Settings.DestinationBucket);
        Assert.Equal(["camera"], updated.Settings.Entries);
        Assert.Equal("{\"&quality\":{\"$eq\":\"good\"}}", updated.Settings.When?.Json);
        Assert.Equal(ReplicationMode.Disabled, updated.Info.Mode);
        Assert.False(updated.Info.IsActive);

        // What Reduct.Client reads of the task reduct-js created, and that it works: enabled, it replicates.
        FullReplicationInfo fromJs = await client.GetReplicationAsync("from-js");
        Assert.Equal((ReplicationMode.Paused, "gateway", "central"), (fromJs.Info.Mode, fromJs.Settings.SourceBucket, fromJs.Settings.DestinationBucket));
        Assert.Equal(["sensor-*"], fromJs.Settings.Entries);
        Assert.Equal("{\"&unit\":{\"$eq\":\"cm\"}}", fromJs.Settings.When?.Json);
        Assert.Null(fromJs.Settings.DestinationToken);

        await gateway.WriteAsync("sensor-1", "12", new ReductTimestamp(1), new RecordWriteOptions { Labels = new Labels { { "unit", "cm" } } });
        await gateway.WriteAsync("sensor-1", "13", new ReductTimestamp(2), new RecordWriteOptions { Labels = new Labels { { "unit", "mm" } } });
        Assert.Equal(1UL, (await client.GetReplicationAsync("from-js")).Info.PendingRecords);
        await client.SetReplicationModeAsync("from-js", ReplicationMode.Enabled);
        await Poll.Until(() => destination.Storage.GetRecords("central", "sensor-1").Count == 1);
        Assert.Equal(1UL, destination.Storage.GetRecords("central", "sensor-1")[0].Timestamp);

        await client.RemoveReplicationAsync("from-js");
        await client.RemoveReplicationAsync("from-csharp");
        Assert.Empty(await client.ListReplicationsAsync());
    }
}
