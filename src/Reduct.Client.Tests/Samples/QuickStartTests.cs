using Reduct.Client;
using Reduct.Client.Samples;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Samples;

/// <summary>The QuickStart runs to the end on every supported server version, with names the server accepts.</summary>
public sealed class QuickStartTests
{
    [Theory]
    [InlineData("1.17", "sensors-temperature", "sensors-humidity")]
    [InlineData("1.18", "sensors-temperature", "sensors-humidity")]
    [InlineData("1.19", "sensors/temperature", "sensors/humidity")]
    [InlineData("1.21", "sensors/temperature", "sensors/humidity")]
    public async Task QuickStart_runs_to_the_end(string version, string temperature, string humidity)
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        using var client = new ReductClient(server.Url);
        using var output = new StringWriter();

        await QuickStartFlow.RunAsync(client, output);

        string text = output.ToString();
        Assert.Contains($"5. record batch:    6 records in 2 entries, 0 failed; {humidity} -> \"42\" (unit=percent)", text, StringComparison.Ordinal);
        Assert.Equal(3, server.Storage.GetRecords(QuickStartFlow.BucketName, temperature).Count);
        Assert.Equal(3, server.Storage.GetRecords(QuickStartFlow.BucketName, humidity).Count);
        Assert.Equal(temperature.Contains('/', StringComparison.Ordinal), !text.Contains("entry names with '/' need 1.19", StringComparison.Ordinal));
        Assert.Equal(4, server.Storage.GetRecords(QuickStartFlow.BucketName, "entry-2").Count);
    }
}
