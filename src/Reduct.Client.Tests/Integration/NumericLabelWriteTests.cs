using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>
/// Labels of every numeric type reach the server as their own shortest text on every write path; checked in
/// what the server stored, not in what the client holds.
/// </summary>
public class NumericLabelWriteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const ulong At = 1_700_000_000_000_000;

    private static readonly Dictionary<string, string> ExpectedText = new(StringComparer.Ordinal)
    {
        ["flt"] = "0.9",
        ["dbl"] = "0.30000000000000004",
        ["half"] = "0.1",
        ["dec"] = "1.50",
        ["u8"] = "255",
        ["i8"] = "-128",
        ["i16"] = "-32768",
        ["u16"] = "65535",
        ["i32"] = "-2147483648",
        ["u32"] = "4294967295",
        ["i64"] = "-9223372036854775808",
        ["u64"] = "18446744073709551615",
        ["ok"] = "true",
    };

    private static Labels EveryNumericType() => new()
    {
        ["flt"] = 0.9f,
        ["dbl"] = 0.1 + 0.2,
        ["half"] = (Half)0.1f,
        ["dec"] = 1.50m,
        ["u8"] = byte.MaxValue,
        ["i8"] = sbyte.MinValue,
        ["i16"] = short.MinValue,
        ["u16"] = ushort.MaxValue,
        ["i32"] = int.MinValue,
        ["u32"] = uint.MaxValue,
        ["i64"] = long.MinValue,
        ["u64"] = ulong.MaxValue,
        ["ok"] = true,
    };

    [Fact]
    public async Task Single_write_stores_each_type_as_its_own_text()
    {
        Bucket bucket = await fixture.NewBucketAsync();

        await bucket.WriteAsync("single", "x", At, new RecordWriteOptions { Labels = EveryNumericType() });

        AssertStored(bucket, "single");
    }

    [Fact]
    public async Task Batch_stores_each_type_as_its_own_text()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        var batch = new Batch();
        batch.Add(At, "x", labels: EveryNumericType());

        BatchWriteResult<ReductTimestamp> result = await bucket.WriteBatchAsync("batch-v1", batch);

        Assert.Empty(result);
        AssertStored(bucket, "batch-v1");
    }

    [Fact]
    public async Task Record_batch_stores_each_type_as_its_own_text()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        var batch = new RecordBatch();
        batch.Add("batch-v2", At, "x", labels: EveryNumericType());

        BatchWriteResult<RecordKey> result = await bucket.WriteBatchAsync(batch);

        Assert.Empty(result);
        AssertStored(bucket, "batch-v2");
    }

    [Fact]
    public async Task Ingestion_writer_stores_each_type_as_its_own_text()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        await using (IngestionWriter writer = bucket.CreateWriter())
        {
            EntryWriter entry = writer.OpenEntry("writer", labels: EveryNumericType());
            await entry.WriteAsync(At, "x"u8.ToArray());
            Assert.Empty(await writer.FlushAsync());
        }

        AssertStored(bucket, "writer");
    }

    [Fact]
    public async Task The_stored_text_reads_back_over_http_unchanged()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        await bucket.WriteAsync("read-back", "x", At, new RecordWriteOptions { Labels = EveryNumericType() });

        await using ReductRecord record = await bucket.ReadAsync("read-back", At);

        Assert.Equal(ExpectedText, record.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal));
    }

    private void AssertStored(Bucket bucket, string entry)
    {
        StoredRecord? stored = fixture.Server.Storage.FindRecord(bucket.Name, entry, At);
        Assert.NotNull(stored);
        Assert.Equal(ExpectedText, stored.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal));
    }
}
