using System.Net;
using System.Text;
using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

using Condition = Reduct.Client.Condition;

/// <summary>
/// Replication tasks through the client against the reference server, and replication itself between two
/// reference servers: what reaches the destination is checked in the destination's storage.
/// </summary>
public sealed class ReplicationTests
{
    private static ReplicationSettings To(ReductTestServer destination, string source = "gateway", string bucket = "central") => new()
    {
        SourceBucket = source,
        DestinationBucket = bucket,
        DestinationHost = destination.Url.ToString(),
    };

    [Fact]
    public async Task A_task_is_created_read_listed_updated_and_removed()
    {
        await using ReductTestServer destination = await ReductTestServer.StartAsync();
        await using ReductTestServer source = await ReductTestServer.StartAsync();
        using var client = new ReductClient(source.Url);
        await client.CreateBucketAsync("gateway");

        ReplicationSettings settings = To(destination);
        settings.Entries = ["sensor-*"];
        settings.When = Condition.Label("unit").Equal("cm");
        settings.DestinationToken = "central-write-token";
        await client.CreateReplicationAsync("to-central", settings);

        FullReplicationInfo task = await client.GetReplicationAsync("to-central");
        Assert.Equal("to-central", task.Info.Name);
        Assert.Equal(ReplicationMode.Enabled, task.Info.Mode);
        Assert.True(task.Info.IsActive);
        Assert.False(task.Info.IsProvisioned);
        Assert.Equal(0UL, task.Info.PendingRecords);
        Assert.Equal("gateway", task.Settings.SourceBucket);
        Assert.Equal("central", task.Settings.DestinationBucket);
        Assert.Equal(destination.Url.ToString(), task.Settings.DestinationHost);
        Assert.Null(task.Settings.DestinationToken);
        Assert.Equal(["sensor-*"], task.Settings.Entries);
        Assert.Equal("{\"&unit\":{\"$eq\":\"cm\"}}", task.Settings.When?.Json);
        Assert.Equal(ReplicationMode.Enabled, task.Settings.Mode);
        Assert.Equal(string.Empty, task.Settings.DestinationPrefix);
        Assert.Equal(ReplicationCompression.None, task.Settings.Compression);
        Assert.Equal(0UL, task.Diagnostics.Hourly.Ok);
        Assert.Empty(task.Diagnostics.Hourly.Errors);

        ReplicationInfo listed = Assert.Single(await client.ListReplicationsAsync());
        Assert.Equal("to-central", listed.Name);

        // PUT replaces everything: the entries and the condition left out are gone.
        await client.UpdateReplicationAsync("to-central", To(destination, bucket: "other"));
        task = await client.GetReplicationAsync("to-central");
        Assert.Equal("other", task.Settings.DestinationBucket);
        Assert.Empty(task.Settings.Entries);
        Assert.Null(task.Settings.When);

        await client.SetReplicationModeAsync("to-central", ReplicationMode.Paused);
        Assert.Equal(ReplicationMode.Paused, (await client.GetReplicationAsync("to-central")).Info.Mode);

        await client.RemoveReplicationAsync("to-central");
        Assert.Empty(await client.ListReplicationsAsync());
        ReductException missing = await Assert.ThrowsAsync<ReductException>(() => client.GetReplicationAsync("to-central"));
        Assert.Equal(404, missing.Status);
        Assert.Equal("Replication 'to-central' does not exist", missing.ServerMessage);
    }

    [Fact]
    public async Task The_server_refuses_with_the_real_servers_texts()
    {
        await using ReductTestServer source = await ReductTestServer.StartAsync();
        using var client = new ReductClient(source.Url);
        await client.CreateBucketAsync("gateway");
        var here = new ReplicationSettings { SourceBucket = "gateway", DestinationBucket = "gateway", DestinationHost = $"http://127.0.0.1:{source.Url.Port}" };
        var elsewhere = new ReplicationSettings { SourceBucket = "gateway", DestinationBucket = "central", DestinationHost = "http://127.0.0.1:1" };

        async Task<ReductException> Fails(Func<Task> call) => await Assert.ThrowsAsync<ReductException>(call);

        ReductException same = await Fails(() => client.CreateReplicationAsync("r", here));
        Assert.Equal((422, "Source and destination buckets must be different"), (same.Status, same.ServerMessage));

        var noSource = new ReplicationSettings { SourceBucket = "nope", DestinationBucket = "central", DestinationHost = "http://127.0.0.1:1" };
        ReductException missingSource = await Fails(() => client.CreateReplicationAsync("r", noSource));
        Assert.Equal((404, "Source bucket 'nope' for replication 'r' does not exist"), (missingSource.Status, missingSource.ServerMessage));

        elsewhere.When = Condition.FromJson("{\"$UNKNOWN_OP\":[\"&x\",\"y\"]}");
        ReductException condition = await Fails(() => client.CreateReplicationAsync("r", elsewhere));
        Assert.Equal(422, condition.Status);
        Assert.StartsWith("Invalid replication condition: ", condition.ServerMessage, StringComparison.Ordinal);
        Assert.Contains("$UNKNOWN_OP", condition.ServerMessage, StringComparison.Ordinal);

        elsewhere.When = null;
        await client.CreateReplicationAsync("r", elsewhere);
        ReductException exists = await Fails(() => client.CreateReplicationAsync("r", elsewhere));
        Assert.Equal((409, "Replication 'r' already exists"), (exists.Status, exists.ServerMessage));

        foreach (Func<Task> call in new Func<Task>[]
        {
            () => client.UpdateReplicationAsync("x", elsewhere),
            () => client.SetReplicationModeAsync("x", ReplicationMode.Paused),
            () => client.RemoveReplicationAsync("x"),
        })
        {
            ReductException missing = await Fails(call);
            Assert.Equal((404, "Replication 'x' does not exist"), (missing.Status, missing.ServerMessage));
        }

        // What the client refuses itself, sent raw.
        using var http = new HttpClient { BaseAddress = source.Url };
        async Task<(HttpStatusCode, string?)> Post(string body, string path = "api/v1/replications/raw")
        {
            using HttpResponseMessage response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            return (response.StatusCode, response.Headers.TryGetValues("x-reduct-error", out var values) ? values.Single() : null);
        }

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Invalid destination host 'invalid_url'"),
            await Post("{\"src_bucket\":\"gateway\",\"dst_bucket\":\"c\",\"dst_host\":\"invalid_url\"}"));
        (HttpStatusCode status, string? message) = await Post("{\"src_bucket\":\"gateway\",\"dst_bucket\":\"c\"}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.StartsWith("Invalid JSON: missing field `dst_host`", message, StringComparison.Ordinal);
        (status, message) = await Post("{\"src_bucket\":\"gateway\",\"dst_bucket\":\"c\",\"dst_host\":\"http://h\",\"mode\":\"sleeping\"}");
        Assert.StartsWith("Invalid JSON: unknown variant `sleeping`, expected one of `enabled`, `paused`, `disabled`", message, StringComparison.Ordinal);
        using HttpResponseMessage mode = await http.PatchAsync("api/v1/replications/r/mode", new StringContent("{\"mode\":1}"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mode.StatusCode);

        // Compression other than none would be accepted and ignored: refused instead.
        (status, message) = await Post("{\"src_bucket\":\"gateway\",\"dst_bucket\":\"c\",\"dst_host\":\"http://h\",\"compression\":\"zstd\"}");
        Assert.Equal((HttpStatusCode.NotImplemented, "The reference server does not implement replication compression 'zstd'"), (status, message));
    }

    [Fact]
    public async Task The_client_checks_names_and_settings_before_sending()
    {
        await using ReductTestServer source = await ReductTestServer.StartAsync();
        using var client = new ReductClient(source.Url);
        var good = new ReplicationSettings { SourceBucket = "gateway", DestinationBucket = "central", DestinationHost = "http://central:8383" };
        long before = source.Statistics.RequestCount;

        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateReplicationAsync("", good));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetReplicationAsync("a/b"));
        foreach (string host in new[] { "", "central:8383", "ftp://central", "/relative", "http://central/?q=1" })
        {
            ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() =>
                client.CreateReplicationAsync("r", new ReplicationSettings { SourceBucket = "gateway", DestinationBucket = "central", DestinationHost = host }));
            Assert.Contains("DestinationHost", error.Message, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.CreateReplicationAsync("r", new ReplicationSettings { SourceBucket = "", DestinationBucket = "central", DestinationHost = "http://c" }));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.CreateReplicationAsync("r", new ReplicationSettings { SourceBucket = "gateway", DestinationBucket = "bad name", DestinationHost = "http://c" }));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            client.CreateReplicationAsync("r", new ReplicationSettings { SourceBucket = "gateway", DestinationBucket = "central", DestinationHost = "http://c", Entries = [""] }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.SetReplicationModeAsync("r", (ReplicationMode)7));
        Assert.Equal(before, source.Statistics.RequestCount);

        good.DestinationToken = "very-secret-token";
        Assert.DoesNotContain("very-secret-token", good.ToString(), StringComparison.Ordinal);
        Assert.Contains("DestinationToken = ***", good.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.17")]
    [InlineData("1.20")]
    [InlineData("1.21")]
    public async Task A_setting_the_server_lacks_is_refused_with_the_version_it_needs(string version)
    {
        await using ReductTestServer source = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        using var client = new ReductClient(source.Url);
        await client.CreateBucketAsync("gateway");
        int minor = int.Parse(version[2..], System.Globalization.CultureInfo.InvariantCulture);

        async Task Check(Func<Task> call, bool supported, string needs)
        {
            if (supported)
            {
                await call();
                return;
            }

            ReductException error = await Assert.ThrowsAsync<ReductException>(call);
            Assert.Equal(ReductException.NotSupportedByServer, error.Status);
            Assert.Contains(needs, error.Message, StringComparison.Ordinal);
        }

        var basic = new ReplicationSettings { SourceBucket = "gateway", DestinationBucket = "central", DestinationHost = "http://127.0.0.1:1" };
        await client.CreateReplicationAsync("basic", basic);
        await Check(() => client.SetReplicationModeAsync("basic", ReplicationMode.Paused), minor >= 18, "API 1.18");
        await Check(() => client.CreateReplicationAsync("mode", new ReplicationSettings { SourceBucket = "gateway", DestinationBucket = "c", DestinationHost = "http://h", Mode = ReplicationMode.Disabled }), minor >= 18, "API 1.18");
        await Check(() => client.CreateReplicationAsync("prefix", new ReplicationSettings { SourceBucket = "gateway", DestinationBucket = "c", DestinationHost = "http://h", DestinationPrefix = "site-1/" }), minor >= 21, "API 1.21");
        await Check(() => client.CreateReplicationAsync("compressed", new ReplicationSettings { SourceBucket = "gateway", DestinationBucket = "c", DestinationHost = "http://h", Compression = ReplicationCompression.None }), minor >= 21, "API 1.21");
#pragma warning disable CS0618 // The deprecated filters, on the servers that have them.
        await Check(() => client.CreateReplicationAsync("legacy", new ReplicationSettings { SourceBucket = "gateway", DestinationBucket = "c", DestinationHost = "http://h", EachN = 2 }), minor < 21, "removed in ReductStore API 1.21");
        if (minor < 21)
        {
            FullReplicationInfo legacy = await client.GetReplicationAsync("legacy");
            Assert.Equal(2UL, legacy.Settings.EachN);
        }
#pragma warning restore CS0618

        ReplicationInfo info = (await client.ListReplicationsAsync()).First(task => task.Name == "basic");
        Assert.Equal(minor >= 18 ? ReplicationMode.Paused : ReplicationMode.Enabled, info.Mode);
    }

    [Fact]
    public async Task Records_written_after_the_task_exists_reach_the_destination_on_every_write_path()
    {
        await using ReductTestServer destination = await ReductTestServer.StartAsync();
        await using ReductTestServer source = await ReductTestServer.StartAsync();
        using var central = new ReductClient(destination.Url);
        using var gateway = new ReductClient(source.Url);
        await central.CreateBucketAsync("central");
        Bucket bucket = await gateway.CreateBucketAsync("gateway");
        await bucket.WriteAsync("before", "not replicated", new ReductTimestamp(1));

        await gateway.CreateReplicationAsync("to-central", To(destination));

        await bucket.WriteAsync("single", "one", new ReductTimestamp(10), new RecordWriteOptions { ContentType = "text/plain", Labels = new Labels { { "unit", "cm" }, { "list", "a,b" } } });
        var batch = new Batch();
        batch.Add(new ReductTimestamp(20), "b1"u8, "application/json", new Labels { { "n", "1" } });
        batch.Add(new ReductTimestamp(21), "b2"u8);
        await bucket.WriteBatchAsync("v1", batch);
        var records = new RecordBatch();
        records.Add("v2-a", new ReductTimestamp(30), "x"u8, "image/png", new Labels { { "camera", "front" } });
        records.Add("v2-b", new ReductTimestamp(31), "yy"u8);
        await bucket.WriteBatchAsync(records);

        await Poll.Until(() => destination.Storage.GetRecords("central", "v2-b").Count == 1
            && destination.Storage.GetRecords("central", "single").Count == 1
            && destination.Storage.GetRecords("central", "v1").Count == 2
            && destination.Storage.GetRecords("central", "v2-a").Count == 1);

        StoredRecord single = Assert.Single(destination.Storage.GetRecords("central", "single"));
        Assert.Equal((10UL, "text/plain", "one"), (single.Timestamp, single.ContentType, Encoding.UTF8.GetString(single.ReadData())));
        Assert.Equal("cm", single.Labels["unit"]);
        Assert.Equal("a,b", single.Labels["list"]);
        IReadOnlyList<StoredRecord> v1 = destination.Storage.GetRecords("central", "v1");
        Assert.Equal(("b1", "application/json", "1"), (Encoding.UTF8.GetString(v1[0].ReadData()), v1[0].ContentType, v1[0].Labels["n"]));
        Assert.Equal(("b2", "application/octet-stream"), (Encoding.UTF8.GetString(v1[1].ReadData()), v1[1].ContentType));
        StoredRecord png = Assert.Single(destination.Storage.GetRecords("central", "v2-a"));
        Assert.Equal(("image/png", "front", "x"), (png.ContentType, png.Labels["camera"], Encoding.UTF8.GetString(png.ReadData())));
        Assert.Empty(destination.Storage.GetRecords("central", "before"));

        FullReplicationInfo task = null!;
        await Poll.Until(() => (task = gateway.GetReplicationAsync("to-central").GetAwaiter().GetResult()).Info.PendingRecords == 0);
        Assert.True(task.Diagnostics.Hourly.Ok > 0);
        Assert.Equal(0UL, task.Diagnostics.Hourly.Errored);
    }

    [Fact]
    public async Task The_entry_filter_and_the_condition_choose_what_is_sent()
    {
        await using ReductTestServer destination = await ReductTestServer.StartAsync();
        await using ReductTestServer source = await ReductTestServer.StartAsync();
        using var central = new ReductClient(destination.Url);
        using var gateway = new ReductClient(source.Url);
        await central.CreateBucketAsync("central");
        Bucket bucket = await gateway.CreateBucketAsync("gateway");
        ReplicationSettings settings = To(destination);
        settings.Entries = ["sensor-*", "camera"];
        settings.When = Condition.Label("quality").Equal("good");
        await gateway.CreateReplicationAsync("filtered", settings);

        var good = new RecordWriteOptions { Labels = new Labels { { "quality", "good" } } };
        var bad = new RecordWriteOptions { Labels = new Labels { { "quality", "bad" } } };
        await bucket.WriteAsync("sensor-1", "a", new ReductTimestamp(1), good);
        await bucket.WriteAsync("sensor-1", "b", new ReductTimestamp(2), bad);
        await bucket.WriteAsync("sensor-1", "c", new ReductTimestamp(3));
        await bucket.WriteAsync("camera", "d", new ReductTimestamp(4), good);
        await bucket.WriteAsync("camera-2", "e", new ReductTimestamp(5), good);
        await bucket.WriteAsync("logs", "f", new ReductTimestamp(6), good);
        await bucket.WriteAsync("sensor-2", "g", new ReductTimestamp(7), good);

        await Poll.Until(() => destination.Storage.GetRecords("central", "sensor-2").Count == 1);
        Assert.Equal([1UL], destination.Storage.GetRecords("central", "sensor-1").Select(r => r.Timestamp));
        Assert.Single(destination.Storage.GetRecords("central", "camera"));
        Assert.Empty(destination.Storage.GetRecords("central", "camera-2"));
        Assert.Empty(destination.Storage.GetRecords("central", "logs"));
    }

    [Fact]
    public async Task A_paused_task_keeps_records_and_sends_them_when_enabled_and_a_disabled_one_drops_them()
    {
        await using ReductTestServer destination = await ReductTestServer.StartAsync();
        await using ReductTestServer source = await ReductTestServer.StartAsync();
        using var central = new ReductClient(destination.Url);
        using var gateway = new ReductClient(source.Url);
        await central.CreateBucketAsync("central");
        Bucket bucket = await gateway.CreateBucketAsync("gateway");
        ReplicationSettings settings = To(destination);
        settings.Mode = ReplicationMode.Paused;
        await gateway.CreateReplicationAsync("later", settings);

        await bucket.WriteAsync("e", "1", new ReductTimestamp(1));
        await bucket.WriteAsync("e", "2", new ReductTimestamp(2));
        FullReplicationInfo paused = await gateway.GetReplicationAsync("later");
        Assert.Equal(2UL, paused.Info.PendingRecords);
        Assert.Equal(ReplicationMode.Paused, paused.Settings.Mode);
        Assert.Empty(destination.Storage.GetRecords("central", "e"));

        await gateway.SetReplicationModeAsync("later", ReplicationMode.Enabled);
        await Poll.Until(() => destination.Storage.GetRecords("central", "e").Count == 2);

        // The task drops what it sent once the destination's answer is in, just after the records are stored there.
        await Poll.Until(() => gateway.GetReplicationAsync("later").GetAwaiter().GetResult().Info.PendingRecords == 0);

        await gateway.SetReplicationModeAsync("later", ReplicationMode.Disabled);
        await bucket.WriteAsync("e", "3", new ReductTimestamp(3));
        ReplicationInfo disabled = Assert.Single(await gateway.ListReplicationsAsync());
        Assert.Equal((ReplicationMode.Disabled, false, 0UL), (disabled.Mode, disabled.IsActive, disabled.PendingRecords));

        // Enabled again, the record written while disabled stays unsent; the next one goes.
        await gateway.SetReplicationModeAsync("later", ReplicationMode.Enabled);
        await bucket.WriteAsync("e", "4", new ReductTimestamp(4));
        await Poll.Until(() => destination.Storage.GetRecords("central", "e").Count == 3);
        Assert.Equal([1UL, 2UL, 4UL], destination.Storage.GetRecords("central", "e").Select(r => r.Timestamp));
    }

    [Fact]
    public async Task A_stopped_destination_counts_errors_keeps_the_records_and_gets_them_once_it_is_back()
    {
        var destinationData = Directory.CreateTempSubdirectory("reduct-replication-");
        try
        {
            var destinationOptions = new ReductTestServerOptions { DataPath = destinationData.FullName };
            ReductTestServer destination = await ReductTestServer.StartAsync(destinationOptions);
            int port = destination.Url.Port;
            using (var central = new ReductClient(destination.Url))
            {
                await central.CreateBucketAsync("central");
            }

            await using ReductTestServer source = await ReductTestServer.StartAsync(new ReductTestServerOptions { ReplicationRetryInterval = TimeSpan.FromMilliseconds(200) });
            using var gateway = new ReductClient(source.Url);
            Bucket bucket = await gateway.CreateBucketAsync("gateway");
            await gateway.CreateReplicationAsync("to-central", To(destination));
            await bucket.WriteAsync("e", "sent", new ReductTimestamp(1));
            await Poll.Until(() => destination.Storage.GetRecords("central", "e").Count == 1);

            await destination.DisposeAsync();
            await bucket.WriteAsync("e", "waits", new ReductTimestamp(2));
            FullReplicationInfo failing = null!;
            await Poll.Until(() =>
            {
                failing = gateway.GetReplicationAsync("to-central").GetAwaiter().GetResult();
                return failing.Diagnostics.Hourly.Errors.ContainsKey(-3) && !failing.Info.IsActive;
            });
            Assert.Equal(1UL, failing.Info.PendingRecords);
            Assert.True(failing.Diagnostics.Hourly.Errored > 0);
            Assert.True(failing.Diagnostics.Hourly.Ok > 0);
            Assert.NotEmpty(failing.Diagnostics.Hourly.Errors[-3].LastMessage);

            // The destination comes back on the same port and data: the waiting record arrives.
            destinationOptions.Port = port;
            await using ReductTestServer back = await ReductTestServer.StartAsync(destinationOptions);
            await Poll.Until(() => back.Storage.GetRecords("central", "e").Count == 2);
            await Poll.Until(() => gateway.GetReplicationAsync("to-central").GetAwaiter().GetResult() is { Info: { PendingRecords: 0, IsActive: true } });
        }
        finally
        {
            destinationData.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_destination_that_refuses_counts_the_status_and_drops_the_records()
    {
        var destinationOptions = new ReductTestServerOptions { ApiToken = "central-admin" };
        destinationOptions.Tokens.Add(new ReductTestToken("reader", "reader-secret") { Read = ["central"] });
        await using ReductTestServer destination = await ReductTestServer.StartAsync(destinationOptions);
        using (var central = new ReductClient(destination.Url, "central-admin"))
        {
            await central.CreateBucketAsync("central");
        }

        await using ReductTestServer source = await ReductTestServer.StartAsync();
        using var gateway = new ReductClient(source.Url);
        Bucket bucket = await gateway.CreateBucketAsync("gateway");
        ReplicationSettings settings = To(destination);
        settings.DestinationToken = "reader-secret";
        await gateway.CreateReplicationAsync("read-only", settings);
        await bucket.WriteAsync("e", "x", new ReductTimestamp(1));
        await bucket.WriteAsync("e", "y", new ReductTimestamp(2));

        FullReplicationInfo task = null!;
        await Poll.Until(() =>
        {
            task = gateway.GetReplicationAsync("read-only").GetAwaiter().GetResult();
            return task.Info.PendingRecords == 0 && task.Diagnostics.Hourly.Errors.ContainsKey(403);
        });
        ReplicationErrorCount refused = task.Diagnostics.Hourly.Errors[403];
        Assert.Equal(2UL, refused.Count);
        Assert.Contains("write", refused.LastMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(destination.Storage.GetRecords("central", "e"));
    }

    [Fact]
    public async Task A_destination_prefix_is_put_in_front_of_the_entry_names()
    {
        await using ReductTestServer destination = await ReductTestServer.StartAsync();
        await using ReductTestServer source = await ReductTestServer.StartAsync();
        using var central = new ReductClient(destination.Url);
        using var gateway = new ReductClient(source.Url);
        await central.CreateBucketAsync("central");
        Bucket bucket = await gateway.CreateBucketAsync("gateway");
        ReplicationSettings settings = To(destination);
        settings.DestinationPrefix = "site-1/";
        await gateway.CreateReplicationAsync("prefixed", settings);

        await bucket.WriteAsync("temperature", "21.5", new ReductTimestamp(1));
        await Poll.Until(() => destination.Storage.GetRecords("central", "site-1/temperature").Count == 1);
        Assert.Equal("site-1/", (await gateway.GetReplicationAsync("prefixed")).Settings.DestinationPrefix);
    }

    [Fact]
    public async Task Every_replication_call_needs_full_access()
    {
        var options = new ReductTestServerOptions { ApiToken = "admin" };
        options.Tokens.Add(new ReductTestToken("writer", "writer-secret") { Read = ["gateway"], Write = ["gateway"] });
        await using ReductTestServer source = await ReductTestServer.StartAsync(options);
        using var admin = new ReductClient(source.Url, "admin");
        using var writer = new ReductClient(source.Url, "writer-secret");
        await admin.CreateBucketAsync("gateway");
        var settings = new ReplicationSettings { SourceBucket = "gateway", DestinationBucket = "central", DestinationHost = "http://127.0.0.1:1" };
        await admin.CreateReplicationAsync("r", settings);

        foreach (Func<Task> call in new Func<Task>[]
        {
            () => writer.ListReplicationsAsync(),
            () => writer.GetReplicationAsync("r"),
            () => writer.CreateReplicationAsync("w", settings),
            () => writer.UpdateReplicationAsync("r", settings),
            () => writer.SetReplicationModeAsync("r", ReplicationMode.Paused),
            () => writer.RemoveReplicationAsync("r"),
        })
        {
            ReductException error = await Assert.ThrowsAsync<ReductException>(call);
            Assert.Equal(403, error.Status);
        }

        ReplicationInfo kept = Assert.Single(await admin.ListReplicationsAsync());
        Assert.Equal(ReplicationMode.Enabled, kept.Mode);
    }

    [Fact]
    public async Task Removing_a_task_stops_it()
    {
        await using ReductTestServer destination = await ReductTestServer.StartAsync();
        await using ReductTestServer source = await ReductTestServer.StartAsync();
        using var central = new ReductClient(destination.Url);
        using var gateway = new ReductClient(source.Url);
        await central.CreateBucketAsync("central");
        Bucket bucket = await gateway.CreateBucketAsync("gateway");
        await gateway.CreateReplicationAsync("short-lived", To(destination));
        await bucket.WriteAsync("e", "1", new ReductTimestamp(1));
        await Poll.Until(() => destination.Storage.GetRecords("central", "e").Count == 1);

        await gateway.RemoveReplicationAsync("short-lived");
        await bucket.WriteAsync("e", "2", new ReductTimestamp(2));

        // A marker task created afterwards proves the sender had its chance: its record arrives, the other does not.
        ReplicationSettings marker = To(destination);
        marker.Entries = ["marker"];
        await gateway.CreateReplicationAsync("marker", marker);
        await bucket.WriteAsync("marker", "m", new ReductTimestamp(3));
        await Poll.Until(() => destination.Storage.GetRecords("central", "marker").Count == 1);
        Assert.Single(destination.Storage.GetRecords("central", "e"));
    }
}
