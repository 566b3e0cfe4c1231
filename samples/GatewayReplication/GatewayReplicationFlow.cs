namespace Reduct.Client.Samples;

/// <summary>
/// A gateway that keeps its readings locally and replicates the good ones to a central server: the gateway's
/// bucket gets a replication task towards a bucket of the central server, and every reading written to the gateway
/// afterwards is sent on by the gateway's server itself, in the background.
/// </summary>
public static class GatewayReplicationFlow
{
    /// <summary>The gateway's local bucket.</summary>
    public const string GatewayBucket = "gateway";

    /// <summary>The central server's bucket for this site.</summary>
    public const string CentralBucket = "site-42";

    /// <summary>The replication task on the gateway.</summary>
    public const string TaskName = "to-central";

    /// <summary>Creates the buckets and the task, writes readings to the gateway and waits until the central server has the good ones.</summary>
    /// <param name="gateway">A client of the gateway's server (full access, to create the task).</param>
    /// <param name="central">A client of the central server.</param>
    /// <param name="centralUrl">The central server's URL as the gateway's server reaches it.</param>
    /// <param name="centralToken">
    /// The token the gateway's server uses at the central server, with read and write access to its bucket (the server
    /// reads the bucket before it writes); null without authentication.
    /// </param>
    /// <param name="output">Where the steps are reported.</param>
    /// <param name="cancellationToken">Cancels the flow.</param>
    public static async Task RunAsync(ReductClient gateway, ReductClient central, Uri centralUrl, string? centralToken, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(central);
        ArgumentNullException.ThrowIfNull(centralUrl);
        ArgumentNullException.ThrowIfNull(output);

        // 1. The central bucket must exist before the gateway replicates into it.
        await central.CreateBucketAsync(CentralBucket, existOk: true, cancellationToken: cancellationToken);
        Bucket local = await gateway.CreateBucketAsync(GatewayBucket, existOk: true, cancellationToken: cancellationToken);

        // 2. The task: sensor entries only, good readings only. The token goes to the gateway's server and is never
        //    read back.
        await gateway.CreateReplicationAsync(TaskName, new ReplicationSettings
        {
            SourceBucket = GatewayBucket,
            DestinationBucket = CentralBucket,
            DestinationHost = centralUrl.ToString(),
            DestinationToken = centralToken,
            Entries = ["sensor-*"],
            When = Condition.Label("quality").Equal("good"),
        }, cancellationToken);
        await output.WriteLineAsync($"1. task:        {GatewayBucket} -> {centralUrl}{CentralBucket} (sensor-*, quality = good)");

        // 3. The gateway writes as usual; the replication happens on the servers.
        var readings = new RecordBatch();
        const ulong start = 1_700_000_000_000_000;
        for (int i = 0; i < 6; i++)
        {
            var labels = new Labels { { "quality", i % 3 == 2 ? "bad" : "good" } };
            readings.Add("sensor-1", start + (ulong)i, $"{20 + i}.5", "text/plain", labels);
        }

        readings.Add("debug-log", start, "not replicated", "text/plain", new Labels { { "quality", "good" } });
        await local.WriteBatchAsync(readings, cancellationToken);
        await output.WriteLineAsync("2. written:     6 readings to sensor-1 (2 bad), 1 record to debug-log");

        // 4. Wait until the task has nothing left to send, then look at the central copy.
        FullReplicationInfo task;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            task = await gateway.GetReplicationAsync(TaskName, cancellationToken);
        }
        while ((task.Info.PendingRecords > 0 || task.Diagnostics.Hourly.Ok == 0) && task.Diagnostics.Hourly.Errors.Count == 0);

        foreach ((int status, ReplicationErrorCount error) in task.Diagnostics.Hourly.Errors)
        {
            await output.WriteLineAsync($"   error {status}: {error.Count} records, last: {error.LastMessage}");
        }

        int copied = 0;
        await foreach (ReductRecord record in central.GetBucket(CentralBucket).QueryAsync("sensor-1", cancellationToken: cancellationToken))
        {
            copied++;
        }

        await output.WriteLineAsync($"3. replicated:  {copied} readings on the central server; pending {task.Info.PendingRecords}, errors {task.Diagnostics.Hourly.Errors.Count}");
    }
}
