using System.Security.Cryptography;
using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

[Collection(ProcessAllocationCollection.Name)]
public class LargeRecordTests
{
    private const long OneGiB = 1L << 30;

    [Fact]
    public async Task A_1_GiB_record_streamed_from_chunks_allocates_under_64_MiB()
    {
        // The server keeps only a hash of each body, so the process holds no copy of the gigabyte either.
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { DiscardBodies = true });
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("large");
        using var expectedHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        await bucket.WriteAsync("big", GeneratedChunks(OneGiB, 1 << 20, expectedHash), OneGiB, 1UL);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        StoredRecord stored = Assert.IsType<StoredRecord>(server.Storage.FindRecord("large", "big", 1));
        Assert.Equal(OneGiB, stored.Length);
        Assert.Equal(Convert.ToHexStringLower(expectedHash.GetHashAndReset()), stored.Sha256);
        Assert.True(allocated < 64L * 1024 * 1024, $"Streaming 1 GiB allocated {allocated / (1024.0 * 1024):F1} MiB in the process.");
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> GeneratedChunks(long total, int chunkSize, IncrementalHash hash)
    {
        byte[] buffer = new byte[chunkSize];
        long produced = 0;
        uint state = 2463534242;
        while (produced < total)
        {
            int length = (int)Math.Min(chunkSize, total - produced);

            // A cheap xorshift fill: different bytes in every chunk, without allocating.
            for (int i = 0; i < length; i += 4)
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                BitConverter.TryWriteBytes(buffer.AsSpan(i, Math.Min(4, length - i)), state);
            }

            hash.AppendData(buffer, 0, length);
            produced += length;
            await Task.Yield();
            yield return buffer.AsMemory(0, length);
        }
    }
}
