using Reduct.Client;

namespace Reduct.Client.Tests.Unit;

/// <summary>Results print what they hold, not their type name, with times as ISO 8601 UTC.</summary>
public class ResultDescriptionTests
{
    private const ulong Noon = 1_700_000_000_123_456UL;

    [Fact]
    public void Entry_and_bucket_infos_print_names_counts_sizes_and_times()
    {
        var entry = new EntryInfo { Name = "sensor", RecordCount = 3, Size = 120, OldestRecord = Noon, LatestRecord = Noon + 1_000_000 };
        var empty = new BucketInfo { Name = "data", EntryCount = 0, Size = 0, OldestRecord = 0, LatestRecord = 0 };

        Assert.Equal("EntryInfo { Name = sensor, RecordCount = 3, Size = 120 B, OldestRecord = 2023-11-14T22:13:20.123456Z, LatestRecord = 2023-11-14T22:13:21.123456Z }", entry.ToString());
        Assert.Equal("BucketInfo { Name = data, EntryCount = 0, Size = 0 B, OldestRecord = none, LatestRecord = none }", empty.ToString());
    }

    [Fact]
    public void Server_info_of_an_empty_server_says_none_for_its_u64_max_oldest_record()
    {
        var info = new ServerInfo { Version = "1.21.0", BucketCount = 0, Usage = 0, Uptime = 5, OldestRecord = ulong.MaxValue, LatestRecord = 0 };

        Assert.Equal("ServerInfo { Version = 1.21.0, BucketCount = 0, Usage = 0 B, Uptime = 5 s, OldestRecord = none, LatestRecord = none }", info.ToString());
    }

    [Fact]
    public void Token_info_prints_its_permissions()
    {
        var token = new TokenInfo { Name = "device", Permissions = new TokenPermissions { Read = ["a*"], Write = ["a-1"] } };

        Assert.Equal("TokenInfo { Name = device, Permissions = read [a*], write [a-1], IsProvisioned = false, IsExpired = false }", token.ToString());
    }

    [Fact]
    public void A_batch_result_says_how_many_were_not_stored_and_why_the_first_was_not()
    {
        var stored = new BatchWriteResult<ReductTimestamp>(new Dictionary<ReductTimestamp, ReductException>(), [new ReductTimestamp(5)]);
        var failed = new BatchWriteResult<ReductTimestamp>(
            new Dictionary<ReductTimestamp, ReductException> { [new ReductTimestamp(7)] = new(409, "A record with timestamp 7 already exists") },
            []);

        Assert.Equal("BatchWriteResult { every record stored, AlreadyStored = 1 }", stored.ToString());
        Assert.StartsWith("BatchWriteResult { 1 not stored, first 7: ", failed.ToString(), StringComparison.Ordinal);
        Assert.Contains("A record with timestamp 7 already exists", failed.ToString(), StringComparison.Ordinal);
    }
}
