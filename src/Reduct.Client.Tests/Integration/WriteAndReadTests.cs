using System.Runtime.CompilerServices;
using System.Text;
using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

public class WriteAndReadTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly ReductTimestamp At = "2024-02-02T10:00:00";

    [Fact]
    public async Task Bytes_round_trip_with_default_content_type()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        await bucket.WriteAsync("entry-1", "Hey!!"u8.ToArray(), At);

        await using ReductRecord record = await bucket.ReadAsync("entry-1", At);
        Assert.Equal("Hey!!", Encoding.UTF8.GetString(await record.ReadAllBytesAsync()));
        Assert.Equal("application/octet-stream", record.ContentType);
        Assert.Equal(At, record.Timestamp);
        Assert.Equal(5, record.Length);
        Assert.Empty(record.Labels);

        StoredRecord? stored = fixture.Server.Storage.FindRecord(bucket.Name, "entry-1", At.Microseconds);
        Assert.NotNull(stored);
        Assert.Equal("Hey!!"u8.ToArray(), stored.ReadData());
    }

    [Fact]
    public async Task Strings_are_sent_as_utf8()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        await bucket.WriteAsync("text", "grüße", At, new RecordWriteOptions { ContentType = "text/plain; charset=utf-8" });

        await using ReductRecord record = await bucket.ReadAsync("text", At);
        Assert.Equal("grüße", Encoding.UTF8.GetString(await record.ReadAllBytesAsync()));
        Assert.Equal("text/plain; charset=utf-8", record.ContentType);
    }

    [Fact]
    public async Task Labels_and_content_type_round_trip()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        var options = new RecordWriteOptions
        {
            ContentType = "image/png",
            Labels = new Labels { ["score"] = 0.9, ["ok"] = true, ["pos"] = "1,2", ["note"] = "a \"quoted\" word", ["empty"] = "" },
        };
        await bucket.WriteAsync("camera", new byte[] { 0x89, 0x50, 0x4E, 0x47 }, At, options);

        await using ReductRecord record = await bucket.ReadAsync("camera", At);
        Assert.Equal("image/png", record.ContentType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, await record.ReadAllBytesAsync());
        Assert.Equal("0.9", record.Labels["score"]);
        Assert.Equal("true", record.Labels["ok"]);
        Assert.Equal("1,2", record.Labels["pos"]);
        Assert.Equal("a \"quoted\" word", record.Labels["note"]);
        Assert.Equal(string.Empty, record.Labels["empty"]);
        Assert.Equal(5, record.Labels.Count);
    }

    [Fact]
    public async Task Seekable_stream_uses_its_remaining_length()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        byte[] data = RandomBytes(300_000);
        using var stream = new MemoryStream(data);
        stream.Position = 1000;

        await bucket.WriteAsync("stream", stream, At, new RecordWriteOptions { ContentType = "application/x-test" });

        byte[] read = await bucket.ReadBytesAsync("stream", At);
        Assert.Equal(data.AsSpan(1000).ToArray(), read);
    }

    [Fact]
    public async Task Non_seekable_stream_with_given_length_round_trips()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        byte[] data = RandomBytes(200_000);
        await using var stream = new ForwardOnlyStream(data);

        await bucket.WriteAsync("stream", stream, data.Length, At);

        Assert.Equal(data, await bucket.ReadBytesAsync("stream", At));
    }

    [Fact]
    public async Task Non_seekable_stream_without_length_is_rejected_before_sending()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        long before = fixture.Server.Statistics.RequestCount;
        await using var stream = new ForwardOnlyStream(new byte[10]);

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => bucket.WriteAsync("stream", stream, At));
        Assert.Equal("data", error.ParamName);
        Assert.Equal(before, fixture.Server.Statistics.RequestCount);
    }

    [Fact]
    public async Task Chunks_round_trip_and_report_progress()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        byte[] data = RandomBytes(1_000_000);
        var progress = new SynchronousProgress();

        await bucket.WriteAsync("chunks", Chunks(data, 64 * 1024, reuseBuffer: true), data.Length, At,
            new RecordWriteOptions { ContentType = "application/x-chunks", Labels = new Labels { ["part"] = 1 }, Progress = progress });

        await using ReductRecord record = await bucket.ReadAsync("chunks", At);
        Assert.Equal(data, await record.ReadAllBytesAsync());
        Assert.Equal("application/x-chunks", record.ContentType);
        Assert.Equal("1", record.Labels["part"]);
        Assert.Equal(data.Length, progress.Values[^1]);
        Assert.True(progress.Values.Count > 2);
    }

    [Fact]
    public async Task Empty_records_are_allowed()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        await bucket.WriteAsync("empty", ReadOnlyMemory<byte>.Empty, 1UL);
        await bucket.WriteAsync("empty", Chunks([], 10, reuseBuffer: false), 0, 2UL);
        using var stream = new MemoryStream();
        await bucket.WriteAsync("empty", stream, timestamp: 3UL);

        Assert.Equal(3, fixture.Server.Storage.GetRecords(bucket.Name, "empty").Count);
        Assert.Empty(await bucket.ReadBytesAsync("empty", 2UL));
    }

    [Fact]
    public async Task Default_timestamp_is_now()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        ReductTimestamp before = ReductTimestamp.Now;
        await bucket.WriteAsync("now", "x");
        ReductTimestamp after = ReductTimestamp.Now;

        StoredRecord stored = Assert.Single(fixture.Server.Storage.GetRecords(bucket.Name, "now"));
        Assert.InRange(stored.Timestamp, before.Microseconds, after.Microseconds);
    }

    [Fact]
    public async Task Hierarchical_entries_work()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        await bucket.WriteAsync("site/cam/front", "x", At);
        Assert.Equal("x", Encoding.UTF8.GetString(await bucket.ReadBytesAsync("site/cam/front", At)));
    }

    [Fact]
    public async Task A_duplicate_timestamp_is_a_409_with_the_server_message()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        await bucket.WriteAsync("dup", "first", At);

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => bucket.WriteAsync("dup", "second", At));
        Assert.Equal(409, error.Status);
        Assert.Equal($"A record with timestamp {At.Microseconds} already exists", error.ServerMessage);
        Assert.Equal("first", Encoding.UTF8.GetString(await bucket.ReadBytesAsync("dup", At)));
    }

    [Fact]
    public async Task Writing_to_a_missing_bucket_is_a_404()
    {
        Bucket bucket = fixture.Client.GetBucket(fixture.NewBucketName("missing"));
        ReductException error = await Assert.ThrowsAsync<ReductException>(() => bucket.WriteAsync("e", "x", At));
        Assert.Equal(404, error.Status);
        Assert.Equal($"Bucket '{bucket.Name}' is not found", error.ServerMessage);
    }

    [Fact]
    public async Task Reading_a_missing_record_is_a_404()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        await bucket.WriteAsync("e", "x", At);
        ReductException error = await Assert.ThrowsAsync<ReductException>(() => bucket.ReadAsync("e", At.Microseconds + 1));
        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task Chunks_given_as_arrays_are_streamed_like_memory_chunks()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        byte[] data = RandomBytes(50_000);

        await bucket.WriteAsync("arrays", ArrayChunks(data, 4096), data.Length, At);
        ReductException error = await Assert.ThrowsAsync<ReductException>(() =>
            bucket.WriteAsync("arrays", ArrayChunks(data, 4096), data.Length + 1, new ReductTimestamp(At.Microseconds + 1)));

        Assert.Equal(data, await bucket.ReadBytesAsync("arrays", At));
        Assert.Equal(ReductException.ContentLengthMismatch, error.Status);
        await AssertNoRecordAsync(bucket, "arrays", new ReductTimestamp(At.Microseconds + 1));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(+1)]
    public async Task Chunks_with_the_wrong_total_leave_no_record(int difference)
    {
        Bucket bucket = await fixture.NewBucketAsync();
        byte[] data = RandomBytes(100_000);

        ReductException error = await Assert.ThrowsAsync<ReductException>(() =>
            bucket.WriteAsync("mismatch", Chunks(data, 8192, reuseBuffer: true), data.Length - difference, At));

        Assert.Equal(ReductException.ContentLengthMismatch, error.Status);
        Assert.Contains("declared content length", error.Message, StringComparison.Ordinal);
        await AssertNoRecordAsync(bucket, "mismatch", At);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(+1)]
    public async Task Streams_with_the_wrong_length_leave_no_record(int difference)
    {
        Bucket bucket = await fixture.NewBucketAsync();
        byte[] data = RandomBytes(100_000);
        await using var stream = new ForwardOnlyStream(data);

        ReductException error = await Assert.ThrowsAsync<ReductException>(() =>
            bucket.WriteAsync("mismatch", stream, data.Length - difference, At));

        Assert.Equal(ReductException.ContentLengthMismatch, error.Status);
        await AssertNoRecordAsync(bucket, "mismatch", At);
    }

    [Fact]
    public async Task A_record_can_be_written_again_after_a_failed_upload_of_the_same_size()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        byte[] data = RandomBytes(50_000);
        long requestsBefore = fixture.Server.Statistics.RequestCount;
        await Assert.ThrowsAsync<ReductException>(() => bucket.WriteAsync("retry", Chunks(data[..^10], 4096, reuseBuffer: false), data.Length, At));
        await ServerQuiescence.WaitForRequestToFinishAsync(fixture.Server, requestsBefore);

        await bucket.WriteAsync("retry", data, At);
        Assert.Equal(data, await bucket.ReadBytesAsync("retry", At));
    }

    [Fact]
    public async Task Cancelling_a_streamed_upload_leaves_no_record()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        using var cancellation = new CancellationTokenSource();
        var halfSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async IAsyncEnumerable<ReadOnlyMemory<byte>> SlowSource([EnumeratorCancellation] CancellationToken token = default)
        {
            byte[] chunk = new byte[10_000];
            for (int i = 0; i < 10; i++)
            {
                if (i == 5)
                {
                    halfSent.TrySetResult();
                    await Task.Delay(Timeout.Infinite, token);
                }

                yield return chunk;
            }
        }

        Task write = bucket.WriteAsync("cancelled", SlowSource(), 100_000, At, cancellationToken: cancellation.Token);
        await halfSent.Task;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        await AssertNoRecordAsync(bucket, "cancelled", At);
    }

    [Fact]
    public async Task A_source_that_throws_surfaces_its_own_exception()
    {
        Bucket bucket = await fixture.NewBucketAsync();

        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Failing()
        {
            yield return new byte[100];
            await Task.Yield();
            throw new InvalidDataException("sensor unplugged");
        }

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => bucket.WriteAsync("failing", Failing(), 200, At));
        Assert.Equal("sensor unplugged", error.Message);
        await AssertNoRecordAsync(bucket, "failing", At);
    }

    [Fact]
    public async Task Bad_input_is_rejected_before_anything_is_sent()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        long before = fixture.Server.Statistics.RequestCount;

        Assert.Equal("entry", (await Assert.ThrowsAsync<ArgumentException>(() => bucket.WriteAsync("bad entry", "x", At))).ParamName);
        Assert.Equal("entry", (await Assert.ThrowsAsync<ArgumentException>(() => bucket.WriteAsync("a/batch", "x", At))).ParamName);
        Assert.Equal("options.ContentType", (await Assert.ThrowsAsync<ArgumentException>(() =>
            bucket.WriteAsync("e", "x", At, new RecordWriteOptions { ContentType = "text/plain\r\nx-evil: 1" }))).ParamName);
        Assert.Equal("contentLength", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            bucket.WriteAsync("e", Chunks([], 1, false), -1, At))).ParamName);
        await Assert.ThrowsAsync<ArgumentNullException>(() => bucket.WriteAsync("e", (Stream)null!, At));
        await Assert.ThrowsAsync<ArgumentNullException>(() => bucket.WriteAsync("e", (string)null!, At));
        await Assert.ThrowsAsync<ArgumentNullException>(() => bucket.WriteAsync(null!, "x", At));
        Assert.Throws<ArgumentException>(() => fixture.Client.GetBucket("bad/bucket"));

        Assert.Equal(before, fixture.Server.Statistics.RequestCount);
        Assert.Equal(0, fixture.Server.Storage.CountRecords(bucket.Name));
    }

    [Fact]
    public async Task A_path_prefixed_url_reaches_the_server()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { BasePath = "reduct" });
        Assert.EndsWith("/reduct/", server.Url.AbsolutePath, StringComparison.Ordinal);
        string withoutSlash = server.Url.ToString().TrimEnd('/');
        using var client = new ReductClient(withoutSlash);

        Bucket bucket = await client.CreateBucketAsync("prefixed");
        await bucket.WriteAsync("e", "through the prefix", At);
        Assert.Equal("through the prefix", Encoding.UTF8.GetString(await bucket.ReadBytesAsync("e", At)));
        Assert.True(await client.IsAliveAsync());
    }

    internal static async Task AssertNoRecordAsync(Bucket bucket, string entry, ReductTimestamp timestamp)
    {
        ReductException error = await Assert.ThrowsAsync<ReductException>(() => bucket.ReadAsync(entry, timestamp));
        Assert.Equal(404, error.Status);
    }

    internal static byte[] RandomBytes(int length)
    {
        byte[] data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    private static async IAsyncEnumerable<byte[]> ArrayChunks(byte[] data, int chunkSize)
    {
        for (int offset = 0; offset < data.Length; offset += chunkSize)
        {
            await Task.Yield();
            yield return data[offset..Math.Min(data.Length, offset + chunkSize)];
        }
    }

    internal static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] data, int chunkSize, bool reuseBuffer)
    {
        // With reuseBuffer the same array is refilled for every chunk, as a real producer reading a file would do.
        byte[] shared = new byte[chunkSize];
        for (int offset = 0; offset < data.Length; offset += chunkSize)
        {
            int length = Math.Min(chunkSize, data.Length - offset);
            await Task.Yield();
            if (reuseBuffer)
            {
                data.AsSpan(offset, length).CopyTo(shared);
                yield return shared.AsMemory(0, length);
            }
            else
            {
                yield return data.AsMemory(offset, length);
            }
        }
    }

    private sealed class SynchronousProgress : IProgress<long>
    {
        public List<long> Values { get; } = [];

        public void Report(long value)
        {
            lock (Values)
            {
                Values.Add(value);
            }
        }
    }
}
