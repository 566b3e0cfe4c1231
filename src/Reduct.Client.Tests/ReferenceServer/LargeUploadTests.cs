using System.Net;
using System.Security.Cryptography;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Runs alone: it measures allocations of the whole process.</summary>
[Collection(ProcessAllocationCollection.Name)]
public sealed class LargeUploadTests
{
    private const long OneGiB = 1L << 30;

    [Fact]
    public async Task A_1_GiB_upload_with_discarded_bodies_is_streamed_with_little_allocation()
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { DiscardBodies = true });
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("big");
        using var warmUp = new HttpRequestMessage(HttpMethod.Post, "api/v1/b/big/e?ts=1") { Content = new RepeatingContent(1 << 20) };
        await RawHttp.AssertOkAsync(await client.SendAsync(warmUp));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/b/big/e?ts=2") { Content = new RepeatingContent(OneGiB) };
        using var response = await client.SendAsync(request);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = server.Storage.FindRecord("big", "e", 2)!;
        Assert.Equal(OneGiB, record.Length);
        Assert.Equal(RepeatingContent.Sha256Of(OneGiB), record.Sha256);
        Assert.True(allocated < 16L * 1024 * 1024, $"Server and client allocated {allocated:N0} bytes for a 1 GiB upload");
    }

    /// <summary>A body of a repeated 64 KiB pattern, written from one buffer.</summary>
    private sealed class RepeatingContent : HttpContent
    {
        private static readonly byte[] Pattern = Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 31)).ToArray();
        private readonly long _length;

        public RepeatingContent(long length)
        {
            _length = length;
            Headers.ContentLength = length;
        }

        public static string Sha256Of(long length)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            for (var remaining = length; remaining > 0; remaining -= Pattern.Length)
            {
                hash.AppendData(Pattern, 0, (int)Math.Min(remaining, Pattern.Length));
            }

            return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var remaining = _length; remaining > 0; remaining -= Pattern.Length)
            {
                await stream.WriteAsync(Pattern.AsMemory(0, (int)Math.Min(remaining, Pattern.Length)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }
}
