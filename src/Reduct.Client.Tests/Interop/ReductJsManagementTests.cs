using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Interop;

/// <summary>reduct-js management calls against the reference server, cross-checked with Reduct.Client.</summary>
public class ReductJsManagementTests
{
    private const string ApiToken = "management-token";
    private const string BucketName = "managed";

    [Fact]
    public async Task Reduct_js_management_calls_return_what_the_spec_says()
    {
        await NodeEnvironment.PrepareAsync();

        // A server of its own, so the script can check what a server without buckets reports.
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = ApiToken });
        var scripts = new ReductJsScripts(server.Url, ApiToken);

        var outcome = await scripts.RunAsync("management.mjs", BucketName, "--fresh-server");
        outcome.AssertSucceeded("reduct-js management calls");
        var report = ReductJsReport.Parse(outcome);

        using var client = new ReductClient(server.Url, ApiToken);
        Assert.Equal((await client.GetInfoAsync()).Version, report.Version);
        Assert.Equal([BucketName, BucketName + "-partial"], report.Buckets);
        Assert.Equal(report.Buckets, (await client.ListBucketsAsync()).Select(bucket => bucket.Name).Order(StringComparer.Ordinal));

        // The settings reduct-js sent arrived as it meant them.
        var created = await client.GetBucket(BucketName).GetSettingsAsync();
        Assert.Equal(QuotaType.Fifo, created.QuotaType);
        Assert.Equal(1_000_000_000UL, created.QuotaSize);
        Assert.Equal(5_000_000UL, created.MaxBlockSize);
        Assert.Equal(500UL, created.MaxBlockRecords);

        var updated = await client.GetBucket(BucketName + "-partial").GetSettingsAsync();
        Assert.Equal(QuotaType.Hard, updated.QuotaType);
        Assert.Equal(2_000_000UL, updated.QuotaSize);
        Assert.Equal(64_000_000UL, updated.MaxBlockSize);
        Assert.Equal(100UL, updated.MaxBlockRecords);

        var stored = Assert.Single(server.Storage.GetRecords(BucketName, "entry-1"));
        Assert.Equal("abc"u8.ToArray(), stored.ReadData());
    }
}
