using Reduct.Client;
using Reduct.Client.Testing;
using Reduct.Client.Tests.Resilience;

namespace Reduct.Client.Tests.Integration;

/// <summary>
/// Entry names with '/' need API 1.19: on an older server every call that takes such a name is refused before any
/// byte of it is sent (the only request is the one that learns the server's version, when it is not known yet),
/// with an error that names the entry, the version it needs and the server's version.
/// </summary>
public sealed class HierarchicalEntryVersionTests
{
    private const string Bucket = "demo";
    private const string Hierarchical = "sensors/temperature";
    private const ulong At = 1_700_000_000_000_000;

    public static TheoryData<WritePath> SingleWritePaths => [WritePath.Bytes, WritePath.SeekableStream, WritePath.NonSeekableStream, WritePath.Chunks];

    [Theory]
    [MemberData(nameof(SingleWritePaths))]
    public async Task A_single_write_is_refused_on_1_17_after_one_version_request(WritePath path)
    {
        await using var server = await StartAsync("1.17");
        using var client = new ReductClient(server.Url);

        WriteReport report = await WritePaths.WriteAsync(path, client.GetBucket(Bucket), TestRecord.Make([Hierarchical], perEntry: 1, size: 100));

        AssertRefusal(Assert.Single(report.Failed).Value, "1.17");
        AssertOnlyTheVersionRequest(server);
    }

    [Fact]
    public async Task A_read_is_refused_on_1_18()
    {
        await using var server = await StartAsync("1.18");
        using var client = new ReductClient(server.Url);

        var error = await Assert.ThrowsAsync<ReductException>(() => client.GetBucket(Bucket).ReadAsync(Hierarchical, At));

        AssertRefusal(error, "1.18");
        AssertOnlyTheVersionRequest(server);
    }

    [Fact]
    public async Task A_batch_is_refused_whole()
    {
        await using var server = await StartAsync("1.17");
        using var client = new ReductClient(server.Url);
        var batch = new Batch();
        batch.Add(At, "a");
        batch.Add(At + 1, "b");

        var error = await Assert.ThrowsAsync<ReductException>(() => client.GetBucket(Bucket).WriteBatchAsync(Hierarchical, batch));

        AssertRefusal(error, "1.17");
        AssertOnlyTheVersionRequest(server);
    }

    [Fact]
    public async Task A_record_batch_with_one_hierarchical_entry_sends_nothing_of_the_batch()
    {
        await using var server = await StartAsync("1.18");
        using var client = new ReductClient(server.Url);
        var batch = new RecordBatch();
        batch.Add("flat", At, "a");
        batch.Add(Hierarchical, At, "b");
        batch.Add("flat-too", At, "c");

        var error = await Assert.ThrowsAsync<ReductException>(() => client.GetBucket(Bucket).WriteBatchAsync(batch));

        AssertRefusal(error, "1.18");
        AssertOnlyTheVersionRequest(server);
    }

    [Fact]
    public async Task A_known_old_version_is_not_asked_again()
    {
        await using var server = await StartAsync("1.17");
        using var client = new ReductClient(server.Url);
        Bucket bucket = client.GetBucket(Bucket);
        await bucket.WriteAsync("flat", "a", At);
        server.Statistics.Reset();

        var error = await Assert.ThrowsAsync<ReductException>(() => bucket.WriteAsync(Hierarchical, "b", At));

        AssertRefusal(error, "1.17");
        Assert.Equal(0, server.Statistics.RequestCount);
    }

    [Fact]
    public async Task A_flat_name_on_an_old_server_costs_no_version_request()
    {
        await using var server = await StartAsync("1.17");
        using var client = new ReductClient(server.Url);

        await client.GetBucket(Bucket).WriteAsync("flat", "a", At);

        Assert.Equal(1, server.Statistics.RequestCount);
        Assert.NotNull(server.Storage.FindRecord(Bucket, "flat", At));
    }

    [Fact]
    public async Task The_writer_fails_each_record_of_a_hierarchical_entry_unsent_and_sends_the_others()
    {
        await using var server = await StartAsync("1.17");
        using var client = new ReductClient(server.Url);
        var seen = new List<FailedRecord>();
        IReadOnlyList<FailedRecord> failures;
        await using (IngestionWriter writer = client.GetBucket(Bucket).CreateWriter(new IngestionWriterOptions
        {
            FlushInterval = TimeSpan.FromHours(1),
            OnFailure = failure =>
            {
                lock (seen)
                {
                    seen.Add(failure);
                }

                return ValueTask.CompletedTask;
            },
        }))
        {
            EntryWriter flat = writer.OpenEntry("flat");
            EntryWriter hierarchical = writer.OpenEntry(Hierarchical);
            for (ulong i = 0; i < 3; i++)
            {
                await flat.WriteAsync(At + i, "f"u8.ToArray());
                await hierarchical.WriteAsync(At + i, "h"u8.ToArray());
            }

            failures = await writer.FlushAsync();
        }

        Assert.Equal([At, At + 1, At + 2], failures.Select(f => f.Timestamp.Microseconds).Order());
        Assert.All(failures, failure =>
        {
            Assert.Equal(Hierarchical, failure.Entry);
            AssertRefusal(failure.Error, "1.17");
        });
        Assert.Equal(3, seen.Count);
        Assert.Equal(3, server.Storage.GetRecords(Bucket, "flat").Count);
        Assert.Equal(3, server.Storage.CountRecords(Bucket));
        Assert.Equal(3, server.Statistics.BodyBytes);
    }

    [Theory]
    [InlineData("1.19")]
    [InlineData("1.21")]
    public async Task From_1_19_every_path_sends_hierarchical_names(string version)
    {
        await using var server = await StartAsync(version);
        using var client = new ReductClient(server.Url);
        Bucket bucket = client.GetBucket(Bucket);
        var batch = new Batch();
        batch.Add(At + 1, "b");
        var recordBatch = new RecordBatch();
        recordBatch.Add(Hierarchical, At + 2, "c");

        await bucket.WriteAsync(Hierarchical, "a", At);
        Assert.Empty(await bucket.WriteBatchAsync(Hierarchical, batch));
        Assert.Empty(await bucket.WriteBatchAsync(recordBatch));
        await using (IngestionWriter writer = bucket.CreateWriter())
        {
            await writer.OpenEntry(Hierarchical).WriteAsync(At + 3, "d"u8.ToArray());
            Assert.Empty(await writer.FlushAsync());
        }

        Assert.Equal("a"u8.ToArray(), await bucket.ReadBytesAsync(Hierarchical, At));
        Assert.Equal(4, server.Storage.GetRecords(Bucket, Hierarchical).Count);
    }

    private static async Task<ReductTestServer> StartAsync(string version)
    {
        var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        using (var admin = new ReductClient(server.Url))
        {
            await admin.CreateBucketAsync(Bucket);
        }

        server.Statistics.Reset();
        return server;
    }

    private static void AssertRefusal(ReductException error, string serverVersion)
    {
        Assert.Equal(ReductException.NotSupportedByServer, error.Status);
        Assert.False(error.IsOutcomeUnknown);
        Assert.False(error.IsTransient);
        Assert.Contains($"'{Hierarchical}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("API 1.19 or newer", error.Message, StringComparison.Ordinal);
        Assert.Contains($"the server speaks API {serverVersion}", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The fresh client asked for the version once (GET /info, no body) and sent nothing else.</summary>
    private static void AssertOnlyTheVersionRequest(ReductTestServer server)
    {
        Assert.Equal(1, server.Statistics.RequestCount);
        Assert.Equal(0, server.Statistics.BodyBytes);
        Assert.Equal(0, server.Storage.CountRecords(Bucket));
    }
}
