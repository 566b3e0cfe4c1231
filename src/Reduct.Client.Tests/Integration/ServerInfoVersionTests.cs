using System.Text.Json;
using Reduct.Client.Http;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>What <c>GET /info</c> and <c>GET /list</c> report, through the SDK, for each emulated server version.</summary>
public sealed class ServerInfoVersionTests
{
    [Theory]
    [InlineData("1.7", false, false)]
    [InlineData("1.17", false, false)]
    [InlineData("1.18", true, false)]
    [InlineData("1.19.2", true, false)]
    [InlineData("1.20", true, false)]
    [InlineData("1.21", true, true)]
    public async Task Info_and_bucket_lists_carry_the_fields_of_the_version(string version, bool hasStatus, bool hasInstance)
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("data");
        await bucket.WriteAsync("e", "x"u8.ToArray(), 5UL);

        ServerInfo info = await client.GetInfoAsync();
        IReadOnlyList<BucketInfo> buckets = await client.ListBucketsAsync();
        FullBucketInfo full = await bucket.GetFullInfoAsync();

        Assert.Equal(version.Split('.').Length == 3 ? version : version + ".0", info.Version);
        Assert.Equal(1UL, info.BucketCount);
        Assert.Equal(new ReductTimestamp(5UL), info.LatestRecord);
        Assert.Null(info.License);
        Assert.Equal(QuotaType.None, info.Defaults?.Bucket?.QuotaType);
        Assert.Equal(0UL, info.Defaults?.Bucket?.QuotaSize);
        Assert.Equal(64_000_000UL, info.Defaults?.Bucket?.MaxBlockSize);
        Assert.Equal(1024UL, info.Defaults?.Bucket?.MaxBlockRecords);
        Assert.Equal(hasInstance ? "STANDALONE" : null, info.InstanceRole);
        Assert.Equal(hasInstance, info.InstanceName is { Length: > 0 });
        Assert.Equal(hasStatus ? "READY" : null, Assert.Single(buckets).Status);
        Assert.Equal(hasStatus ? "READY" : null, full.Info.Status);
        Assert.Equal(hasStatus ? "READY" : null, Assert.Single(full.Entries).Status);
    }

    [Fact]
    public void A_commercial_license_reads_with_every_field()
    {
        const string json = """
            {"version":"1.20.11","bucket_count":0,"usage":0,"uptime":3,"oldest_record":18446744073709551615,"latest_record":0,
             "defaults":{"bucket":{"quota_type":"FIFO","quota_size":1000,"max_block_size":64000000,"max_block_records":1024}},
             "license":{"licensee":"ACME","invoice":"INV-7","expiry_date":"2027-03-01T00:00:00.123456789Z","plan":"STANDARD",
                        "device_number":3,"disk_quota":-1,"fingerprint":"abc"}}
            """;

        ServerInfo info = JsonSerializer.Deserialize(json, ReductJsonContext.Default.ServerInfo)!;

        Assert.Equal(new ReductTimestamp(ulong.MaxValue), info.OldestRecord);
        Assert.Equal(QuotaType.Fifo, info.Defaults!.Bucket!.QuotaType);
        LicenseInfo license = info.License!;
        Assert.Equal("ACME", license.Licensee);
        Assert.Equal("INV-7", license.Invoice);
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1234567), license.ExpiryDate);
        Assert.Equal("STANDARD", license.Plan);
        Assert.Equal(3U, license.DeviceNumber);
        Assert.Equal(-1, license.DiskQuota);
        Assert.Equal("abc", license.Fingerprint);
        Assert.Null(info.InstanceName);
    }
}
