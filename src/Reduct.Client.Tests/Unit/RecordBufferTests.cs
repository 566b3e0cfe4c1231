using System.Runtime.InteropServices;
using Reduct.Client.Protocol;

namespace Reduct.Client.Tests.Unit;

public class RecordBufferTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bodies_stay_where_they_were_stored_while_the_buffer_grows(bool pooled)
    {
        var buffer = new RecordBuffer(pooled);
        var expected = new List<byte[]>();
        var random = new Random(7);
        for (int i = 0; i < 400; i++)
        {
            // Mostly small bodies, some that fill a segment and one larger than any segment.
            int length = i == 200 ? (2 * RecordBuffer.MaxSegmentSize) + 3 : i % 50 == 0 ? 300_000 : random.Next(0, 200);
            byte[] body = new byte[length];
            random.NextBytes(body);
            Assert.True(buffer.TryAdd(0, (ulong)i, body, null, null));
            expected.Add(body);
        }

        Assert.Equal(expected.Sum(b => (long)b.Length), buffer.TotalSize);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(buffer.Records[i].Body.Span), $"record {i}");
        }

        buffer.Clear();
        Assert.Equal(0, buffer.Count);
        Assert.True(buffer.TryAdd(0, 1UL, "again"u8, null, null));
        Assert.Equal("again"u8.ToArray(), buffer.Records[0].Body.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bodies_of_the_expected_size_share_one_segment_and_an_overflow_starts_a_small_one(bool pooled)
    {
        var buffer = new RecordBuffer(pooled);
        buffer.ExpectBodyBytes(8192);
        for (int i = 0; i < 82; i++)
        {
            Assert.True(buffer.TryAdd(0, (ulong)i, new byte[100], null, null));
        }

        // 81 bodies fit the expected 8,192 bytes; the 82nd goes to a segment of the smallest size, not a doubled one.
        Assert.All(buffer.Records.Take(81), record => Assert.Same(SegmentOf(buffer.Records[0]), SegmentOf(record)));
        Assert.Equal(8192, SegmentOf(buffer.Records[0]).Length);
        Assert.Equal(4096, SegmentOf(buffer.Records[81]).Length);
    }

    [Fact]
    public void An_expected_size_lasts_until_the_buffer_is_cleared()
    {
        var buffer = new RecordBuffer(pooled: true);
        buffer.ExpectBodyBytes(16384);
        Assert.True(buffer.TryAdd(0, 1UL, new byte[100], null, null));
        Assert.Equal(16384, SegmentOf(buffer.Records[0]).Length);

        buffer.Clear();
        Assert.True(buffer.TryAdd(0, 1UL, new byte[100], null, null));
        Assert.Equal(4096, SegmentOf(buffer.Records[0]).Length);
    }

    [Fact]
    public void Duplicates_are_found_in_order_and_out_of_order()
    {
        var buffer = new RecordBuffer();
        Assert.True(buffer.TryAdd(0, 10UL, [1], null, null));
        Assert.True(buffer.TryAdd(1, 10UL, [2], null, null));
        Assert.True(buffer.TryAdd(0, 20UL, [3], null, null));
        Assert.False(buffer.TryAdd(0, 20UL, [4], null, null));
        Assert.True(buffer.IsInSendOrder is false);

        // Out of order for entry 0: the keys are collected once and checked from then on.
        Assert.True(buffer.TryAdd(0, 15UL, [5], null, null));
        Assert.False(buffer.TryAdd(0, 10UL, [6], null, null));
        Assert.False(buffer.TryAdd(1, 10UL, [7], null, null));
        Assert.True(buffer.TryAdd(1, 30UL, [8], null, null));
        Assert.False(buffer.TryAdd(1, 30UL, [9], null, null));
        Assert.Equal(5, buffer.Count);
        Assert.Equal([1, 2, 3, 5, 8], buffer.Records.Select(r => r.Body.Span[0]));

        buffer.Clear();
        Assert.True(buffer.TryAdd(0, 10UL, [1], null, null));
        Assert.True(buffer.IsInSendOrder);
    }

    [Fact]
    public void Records_in_entry_then_time_order_are_known_to_need_no_sorting()
    {
        var buffer = new RecordBuffer();
        buffer.TryAdd(0, 1UL, [], null, null);
        buffer.TryAdd(0, 2UL, [], null, null);
        buffer.TryAdd(1, 1UL, [], null, null);
        Assert.True(buffer.IsInSendOrder);
        buffer.TryAdd(0, 3UL, [], null, null);
        Assert.False(buffer.IsInSendOrder);
    }

    private static byte[] SegmentOf(PendingRecord record) =>
        MemoryMarshal.TryGetArray(record.Body, out ArraySegment<byte> segment) ? segment.Array! : throw new InvalidOperationException("Not array-backed.");
}
