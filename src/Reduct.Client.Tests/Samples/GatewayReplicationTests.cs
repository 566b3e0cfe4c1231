using System.Text;
using Reduct.Client;
using Reduct.Client.Samples;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Samples;

/// <summary>The gateway replication sample runs end to end between two in-process servers, one with authentication.</summary>
public sealed class GatewayReplicationTests
{
    [Fact]
    public async Task The_gateway_replicates_its_good_sensor_readings_to_the_central_server()
    {
        var centralOptions = new ReductTestServerOptions { ApiToken = "central-admin" };
        centralOptions.Tokens.Add(new ReductTestToken("gateway-42", "gateway-42-secret") { Read = [GatewayReplicationFlow.CentralBucket], Write = [GatewayReplicationFlow.CentralBucket] });
        await using ReductTestServer central = await ReductTestServer.StartAsync(centralOptions);
        await using ReductTestServer gateway = await ReductTestServer.StartAsync();
        using var gatewayClient = new ReductClient(gateway.Url);
        using var centralClient = new ReductClient(central.Url, "central-admin");
        using var output = new StringWriter();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await GatewayReplicationFlow.RunAsync(gatewayClient, centralClient, central.Url, "gateway-42-secret", output, timeout.Token);

        IReadOnlyList<StoredRecord> copies = central.Storage.GetRecords(GatewayReplicationFlow.CentralBucket, "sensor-1");
        Assert.Equal(["20.5", "21.5", "23.5", "24.5"], copies.Select(record => Encoding.UTF8.GetString(record.ReadData())));
        Assert.All(copies, record => Assert.Equal(("text/plain", "good"), (record.ContentType, record.Labels["quality"])));
        Assert.Empty(central.Storage.GetRecords(GatewayReplicationFlow.CentralBucket, "debug-log"));
        Assert.Equal(6, gateway.Storage.GetRecords(GatewayReplicationFlow.GatewayBucket, "sensor-1").Count);
        string text = output.ToString();
        Assert.Contains("3. replicated:  4 readings on the central server; pending 0, errors 0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("gateway-42-secret", text, StringComparison.Ordinal);
    }
}
