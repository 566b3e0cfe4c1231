using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class MemoryStorageTests
{
    [Fact]
    public void Small_bodies_share_blocks_without_overlapping_and_large_ones_get_their_own()
    {
        var blocks = new SmallBodyBlocks();

        // 300 bodies of 10,000 bytes fill more than two 1 MiB blocks; each keeps its own bytes.
        var contents = new List<MemoryRecordContent>();
        for (int i = 0; i < 300; i++)
        {
            var content = new MemoryRecordContent(10_000, blocks);
            byte[] body = new byte[10_000];
            Array.Fill(body, (byte)i);
            content.Write(body.AsSpan(0, 4_000), 0);
            content.Write(body.AsSpan(4_000), 4_000);
            contents.Add(content);
        }

        var large = new MemoryRecordContent(SmallBodyBlocks.MaxPackedLength + 1, blocks);
        large.Write(Enumerable.Repeat((byte)0xEE, SmallBodyBlocks.MaxPackedLength + 1).ToArray(), 0);
        var empty = new MemoryRecordContent(0, blocks);

        for (int i = 0; i < contents.Count; i++)
        {
            byte[] read = contents[i].ReadAll();
            Assert.Equal(10_000, read.Length);
            Assert.All(read, b => Assert.Equal((byte)i, b));
        }

        Assert.All(large.ReadAll(), b => Assert.Equal(0xEE, b));
        Assert.Equal(SmallBodyBlocks.MaxPackedLength + 1, large.ReadAll().Length);
        Assert.Empty(empty.ReadAll());
    }

    [Fact]
    public async Task A_packed_body_streams_exactly_its_own_bytes()
    {
        var blocks = new SmallBodyBlocks();
        var first = new MemoryRecordContent(3, blocks);
        var second = new MemoryRecordContent(2, blocks);
        first.Write("abc"u8, 0);
        second.Write("de"u8, 0);

        using var destination = new MemoryStream();
        await second.CopyToAsync(destination, CancellationToken.None);

        Assert.Equal("de"u8.ToArray(), destination.ToArray());
    }

    [Fact]
    public void A_body_larger_than_a_shared_block_allows_is_refused_by_the_blocks()
    {
        var blocks = new SmallBodyBlocks();

        Assert.Throws<ArgumentOutOfRangeException>(() => blocks.Reserve(SmallBodyBlocks.MaxPackedLength + 1));
    }
}
