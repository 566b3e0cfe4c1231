using System.Runtime.CompilerServices;
using Reduct.Client.Testing;
using Reduct.Client.Tests.Integration;

namespace Reduct.Client.Tests.BadInput;

/// <summary>
/// A body source that holds fewer or more bytes than declared can only be found out while it is sent: the upload is
/// aborted before its last byte, the server keeps nothing, and the write is not retried.
/// </summary>
public sealed class SourceLengthTests : IAsyncLifetime
{
    private const int Declared = 10_000;

    private ReductTestServer _server = null!;
    private ReductClient _client = null!;
    private Bucket _bucket = null!;

    public async Task InitializeAsync()
    {
        _server = await ReductTestServer.StartAsync();
        _client = new ReductClient(_server.Url);
        _bucket = await _client.CreateBucketAsync("lengths");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string, int> Sources() => new()
    {
        { "seekable stream", Declared - 1 },
        { "seekable stream", Declared + 1 },
        { "stream that cannot seek", Declared - 1 },
        { "stream that cannot seek", Declared + 5000 },
        { "chunks", Declared - 1 },
        { "chunks", Declared + 1 },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task A_source_of_the_wrong_length_stores_nothing_and_is_not_retried(string source, int actualLength)
    {
        byte[] data = new byte[actualLength];
        long requestsBefore = _server.Statistics.RequestCount;

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => source switch
        {
            "seekable stream" => _bucket.WriteAsync("e", new MemoryStream(data), Declared, 1UL),
            "stream that cannot seek" => _bucket.WriteAsync("e", new ForwardOnlyStream(data), Declared, 1UL),
            _ => _bucket.WriteAsync("e", Chunks(data), Declared, 1UL),
        });
        await ServerQuiescence.WaitForRequestToFinishAsync(_server, requestsBefore);

        Assert.Equal(ReductException.ContentLengthMismatch, error.Status);
        Assert.Contains(actualLength < Declared ? "ended after" : "more than the declared", error.Message, StringComparison.Ordinal);
        // At most the one attempt: a short body may even fail before the request head left the client's buffer.
        Assert.InRange(_server.Statistics.RequestCount, requestsBefore, requestsBefore + 1);
        Assert.Null(_server.Storage.FindRecord("lengths", "e", 1));

        // Nothing partial is left in the way: a correct write of the same record succeeds.
        await _bucket.WriteAsync("e", new byte[Declared], 1UL);
        Assert.Equal(Declared, _server.Storage.FindRecord("lengths", "e", 1)!.Length);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] data, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int offset = 0; offset < data.Length; offset += 3000)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return data.AsMemory(offset, Math.Min(3000, data.Length - offset));
        }
    }
}
