using System.Reflection;
using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>
/// Calls with integer literals and variables compile (this file is the compile-level test) and mean one thing:
/// after a stream or chunks an integer is the content length, anywhere else it is a timestamp in microseconds.
/// Each call is checked in what the reference server stored.
/// </summary>
public class IntegerArgumentTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly byte[] Body = [.. Enumerable.Range(1, 20).Select(i => (byte)i)];

    [Fact]
    public async Task An_integer_after_a_stream_is_its_content_length()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        int intLength = Body.Length;
        long longLength = Body.Length;
        uint uintLength = (uint)Body.Length;
        ReductTimestamp before = ReductTimestamp.Now;

        // A stream that cannot seek: only the overload that takes a length can send it at all.
        await bucket.WriteAsync("int-literal", new ForwardOnlyStream(Body), 20);
        await bucket.WriteAsync("long-literal", new ForwardOnlyStream(Body), 20L);
        await bucket.WriteAsync("int-variable", new ForwardOnlyStream(Body), intLength);
        await bucket.WriteAsync("long-variable", new ForwardOnlyStream(Body), longLength);
        await bucket.WriteAsync("uint-variable", new ForwardOnlyStream(Body), uintLength);

        foreach (string entry in new[] { "int-literal", "long-literal", "int-variable", "long-variable", "uint-variable" })
        {
            StoredRecord stored = Assert.Single(fixture.Server.Storage.GetRecords(bucket.Name, entry));
            Assert.Equal(Body, stored.ReadData());
            Assert.True(stored.Timestamp >= before.Microseconds, $"{entry} was stored at {stored.Timestamp} µs, not at the time of the write");
        }
    }

    [Fact]
    public async Task A_length_then_a_timestamp_after_a_stream_are_taken_in_that_order()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        long length = Body.Length;
        DateTimeOffset instant = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        await bucket.WriteAsync("stream", new ForwardOnlyStream(Body), 20, 1_000);
        await bucket.WriteAsync("stream", new ForwardOnlyStream(Body), 20L, 2_000L);
        await bucket.WriteAsync("stream", new ForwardOnlyStream(Body), length, 3_000UL);
        await bucket.WriteAsync("stream", new ForwardOnlyStream(Body), length, instant);
        await bucket.WriteAsync("chunks", Chunks(), 20, 4_000);
        await bucket.WriteAsync("chunks", Chunks(), length, 5_000L);

        AssertStoredAt(bucket, "stream", 1_000, 2_000, 3_000, 1_700_000_000_000_000);
        AssertStoredAt(bucket, "chunks", 4_000, 5_000);
    }

    [Fact]
    public async Task A_timestamp_alone_after_a_stream_is_named_or_of_a_timestamp_type()
    {
        Bucket bucket = await fixture.NewBucketAsync();

        await bucket.WriteAsync("stream", new MemoryStream(Body), timestamp: 20);
        await bucket.WriteAsync("stream", new MemoryStream(Body), new ReductTimestamp(30UL));
        await bucket.WriteAsync("stream", new MemoryStream(Body), "1970-01-01T00:00:00.000040Z");
        await bucket.WriteAsync("stream", new MemoryStream(Body), DateTimeOffset.UnixEpoch.AddTicks(500));

        AssertStoredAt(bucket, "stream", 20, 30, 40, 50);
    }

    [Fact]
    public async Task A_ulong_after_a_stream_is_refused_by_the_compiler_and_sends_nothing()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        MethodInfo? refused = typeof(Bucket).GetMethod(
            nameof(Bucket.WriteAsync),
            [typeof(string), typeof(Stream), typeof(ulong), typeof(ReductTimestamp?), typeof(RecordWriteOptions), typeof(CancellationToken)]);

        Assert.NotNull(refused);
        ObsoleteAttribute? obsolete = refused.GetCustomAttribute<ObsoleteAttribute>();
        Assert.NotNull(obsolete);
        Assert.True(obsolete.IsError);
        Assert.Contains("an integer is its content length", obsolete.Message, StringComparison.Ordinal);
        Assert.Contains("new ReductTimestamp(n)", obsolete.Message, StringComparison.Ordinal);

        // Called anyway (through reflection, as no compiler allows): it refuses and sends nothing.
        TargetInvocationException thrown = Assert.Throws<TargetInvocationException>(
            () => refused.Invoke(bucket, ["e", new MemoryStream(Body), 20UL, null, null, CancellationToken.None]));
        Assert.IsType<NotSupportedException>(thrown.InnerException);
        Assert.Equal(0, fixture.Server.Storage.CountRecords(bucket.Name));
    }

    [Fact]
    public async Task An_integer_after_bytes_or_text_is_the_timestamp()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        int intAt = 25;
        long longAt = 26;
        uint uintAt = 27;
        ulong ulongAt = 28;

        await bucket.WriteAsync("bytes", Body, 20);
        await bucket.WriteAsync("bytes", Body, 21L);
        await bucket.WriteAsync("bytes", Body, 22UL);
        await bucket.WriteAsync("bytes", Body, 23U);
        await bucket.WriteAsync("bytes", Body.AsMemory(), 24);
        await bucket.WriteAsync("bytes", Body, intAt);
        await bucket.WriteAsync("bytes", Body, longAt);
        await bucket.WriteAsync("bytes", Body, uintAt);
        await bucket.WriteAsync("bytes", Body, ulongAt);
        await bucket.WriteAsync("text", "x", 30);
        await bucket.WriteAsync("text", "x", 31L);

        AssertStoredAt(bucket, "bytes", 20, 21, 22, 23, 24, 25, 26, 27, 28);
        Assert.All(fixture.Server.Storage.GetRecords(bucket.Name, "bytes"), stored => Assert.Equal(Body.Length, stored.Length));
        AssertStoredAt(bucket, "text", 30, 31);
    }

    [Fact]
    public async Task Reads_take_integer_timestamps()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        await bucket.WriteAsync("e", Body, 20);
        int intAt = 20;
        long longAt = 20;

        await using (ReductRecord record = await bucket.ReadAsync("e", 20))
        {
            Assert.Equal(new ReductTimestamp(20UL), record.Timestamp);
            Assert.Equal(Body, await record.ReadAllBytesAsync());
        }

        Assert.Equal(Body, await bucket.ReadBytesAsync("e", 20L));
        Assert.Equal(Body, await bucket.ReadBytesAsync("e", 20UL));
        Assert.Equal(Body, await bucket.ReadBytesAsync("e", intAt));
        Assert.Equal(Body, await bucket.ReadBytesAsync("e", longAt));
    }

    [Fact]
    public async Task Batches_their_error_maps_and_the_writer_take_integer_timestamps()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        int intAt = 4;
        long longAt = 5;
        var batch = new Batch();
        batch.Add(1, "a");
        batch.Add(2L, "b");
        batch.Add(3UL, Body);
        batch.Add(intAt, "d");
        batch.Add(longAt, "e");
        var records = new RecordBatch();
        records.Add("record-batch", 1, "a");
        records.Add("record-batch", 2L, "b");
        records.Add("record-batch", intAt, Body);

        Assert.Empty(await bucket.WriteBatchAsync("batch", batch));
        Assert.Empty(await bucket.WriteBatchAsync(records));
        await using (IngestionWriter writer = bucket.CreateWriter())
        {
            EntryWriter entry = writer.OpenEntry("writer");
            await entry.WriteAsync(1, Body);
            await entry.WriteAsync(2L, "b");
            await writer.WriteAsync("writer", longAt, Body);
            Assert.Empty(await writer.FlushAsync());
        }

        AssertStoredAt(bucket, "batch", 1, 2, 3, 4, 5);
        AssertStoredAt(bucket, "record-batch", 1, 2, 4);
        AssertStoredAt(bucket, "writer", 1, 2, 5);

        // The error maps are looked up with integers too.
        var again = new Batch();
        again.Add(1, "a again");
        BatchWriteResult<ReductTimestamp> failed = await bucket.WriteBatchAsync("batch", again);
        Assert.Equal(409, failed[1].Status);
        Assert.True(failed.ContainsKey(1L));
        records.Clear();
        records.Add("record-batch", 2, "b again");
        BatchWriteResult<RecordKey> failedKeys = await bucket.WriteBatchAsync(records);
        Assert.Equal(409, failedKeys[new RecordKey("record-batch", 2)].Status);
    }

    [Fact]
    public async Task A_negative_integer_timestamp_is_refused_before_anything_is_sent()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        long longAt = -5;
        var batch = new Batch();

        ArgumentOutOfRangeException[] errors =
        [
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bucket.WriteAsync("e", Body, -1)),
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bucket.WriteAsync("e", Body, longAt)),
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bucket.WriteAsync("e", new MemoryStream(Body), 20, -1)),
            Assert.Throws<ArgumentOutOfRangeException>(() => batch.Add(-1, "x")),
        ];

        Assert.All(errors, error => Assert.Contains("cannot be negative", error.Message, StringComparison.Ordinal));
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, fixture.Server.Storage.CountRecords(bucket.Name));
    }

    private void AssertStoredAt(Bucket bucket, string entry, params ulong[] timestamps) =>
        Assert.Equal(timestamps, fixture.Server.Storage.GetRecords(bucket.Name, entry).Select(r => r.Timestamp));

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks()
    {
        yield return Body.AsMemory(0, 8);
        await Task.Yield();
        yield return Body.AsMemory(8);
    }
}
