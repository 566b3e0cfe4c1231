using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>
/// <see cref="ReductClientOptions.Compression"/>: compressed bodies only for servers that decode them (API 1.21+), the
/// records stored as they were given, the wire bytes smaller; checked in what the reference server holds and in the
/// headers each request carried.
/// </summary>
public class CompressionTests
{
    [Theory]
    [InlineData(ReductCompression.Gzip, "gzip")]
    [InlineData(ReductCompression.Zstd, "zstd")]
    public async Task A_batch_goes_compressed_and_is_stored_as_given(ReductCompression codec, string encoding)
    {
        await using var context = await CompressionContext.StartAsync("1.21", codec);
        var batch = new Batch();
        for (int i = 0; i < 50; i++)
        {
            batch.Add(1_000 + i, Reading(i), "application/json", new Labels { ["n"] = i });
        }

        BatchWriteResult<ReductTimestamp> result = await context.Bucket.WriteBatchAsync("sensor", batch);

        Assert.Empty(result);
        AssertStored(context.Server, "sensor", 50);
        Assert.Equal("application/json", context.Server.Storage.FindRecord(context.Bucket.Name, "sensor", 1_007)!.ContentType);
        Assert.Equal("7", context.Server.Storage.FindRecord(context.Bucket.Name, "sensor", 1_007)!.Labels["n"]);
        Assert.Equal(encoding, Assert.Single(context.Requests, r => r.Path.EndsWith("/io/compressed/write", StringComparison.Ordinal)).ContentEncoding);
        Assert.Equal(1, context.Server.Statistics.EncodedRequestCount);
        Assert.True(context.Server.Statistics.WireBodyBytes < context.Server.Statistics.BodyBytes / 2,
            $"{context.Server.Statistics.WireBodyBytes} bytes on the wire for {context.Server.Statistics.BodyBytes} bytes of bodies");
    }

    [Fact]
    public async Task A_record_batch_over_many_entries_goes_compressed_as_one_v2_request()
    {
        await using var context = await CompressionContext.StartAsync("1.21", ReductCompression.Zstd);
        var batch = new RecordBatch();
        for (int i = 0; i < 60; i++)
        {
            batch.Add($"sensor-{i % 3}", 5_000 + i, Reading(i));
        }

        BatchWriteResult<RecordKey> result = await context.Bucket.WriteBatchAsync(batch);

        Assert.Empty(result);
        for (int e = 0; e < 3; e++)
        {
            AssertStored(context.Server, $"sensor-{e}", 20, first: e, step: 3, firstTimestamp: 5_000 + e);
        }

        Assert.Equal("zstd", Assert.Single(context.Requests).ContentEncoding);
        Assert.True(context.Server.Statistics.WireBodyBytes < context.Server.Statistics.BodyBytes);
    }

    [Fact]
    public async Task A_single_record_from_memory_goes_compressed_with_its_decoded_length()
    {
        await using var context = await CompressionContext.StartAsync("1.21", ReductCompression.Gzip);
        byte[] body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"t\":21.5,\"unit\":\"c\"}", 100)));

        await context.Bucket.WriteAsync("doc", body, 42, new RecordWriteOptions { ContentType = "application/json" });

        StoredRecord stored = Assert.Single(context.Server.Storage.GetRecords(context.Bucket.Name, "doc"));
        Assert.Equal(body, stored.ReadData());
        Assert.Equal("application/json", stored.ContentType);
        SeenRequest request = Assert.Single(context.Requests, r => r.Method == "POST");
        Assert.Equal("gzip", request.ContentEncoding);
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), request.DecodedLength);
        Assert.True(request.ContentLength < body.Length / 4, $"{request.ContentLength} bytes sent for a body of {body.Length}");
    }

    [Fact]
    public async Task Bodies_below_the_minimum_size_and_incompressible_bodies_go_as_they_are()
    {
        await using var context = await CompressionContext.StartAsync("1.21", ReductCompression.Gzip);
        byte[] small = Encoding.ASCII.GetBytes("21.5");
        byte[] noise = new byte[4096];
        new Random(7).NextBytes(noise);

        await context.Bucket.WriteAsync("small", small, 1);
        await context.Bucket.WriteAsync("noise", noise, 1);

        Assert.Equal(small, Assert.Single(context.Server.Storage.GetRecords(context.Bucket.Name, "small")).ReadData());
        Assert.Equal(noise, Assert.Single(context.Server.Storage.GetRecords(context.Bucket.Name, "noise")).ReadData());
        Assert.All(context.Requests, r => Assert.Null(r.ContentEncoding));
        Assert.Equal(0, context.Server.Statistics.EncodedRequestCount);
    }

    [Fact]
    public async Task A_streamed_record_goes_as_it_is()
    {
        await using var context = await CompressionContext.StartAsync("1.21", ReductCompression.Zstd);
        byte[] body = new byte[100_000];

        await context.Bucket.WriteAsync("stream", new MemoryStream(body), timestamp: 7);

        Assert.Equal(body, Assert.Single(context.Server.Storage.GetRecords(context.Bucket.Name, "stream")).ReadData());
        Assert.All(context.Requests, r => Assert.Null(r.ContentEncoding));
    }

    [Theory]
    [InlineData("1.20")]
    [InlineData("1.17")]
    public async Task A_server_older_than_1_21_gets_every_body_uncompressed(string apiVersion)
    {
        using var logs = new CollectingLoggerFactory();
        await using var context = await CompressionContext.StartAsync(apiVersion, ReductCompression.Gzip, logs);
        var batch = new Batch();
        for (int i = 0; i < 40; i++)
        {
            batch.Add(i, Reading(i));
        }

        await context.Bucket.WriteBatchAsync("sensor", batch);
        await context.Bucket.WriteAsync("doc", Encoding.UTF8.GetBytes(new string('x', 5000)), 1);

        AssertStored(context.Server, "sensor", 40, firstTimestamp: 0);
        Assert.Equal(5000, Assert.Single(context.Server.Storage.GetRecords(context.Bucket.Name, "doc")).Length);
        Assert.All(context.Requests, r => Assert.Null(r.ContentEncoding));
        (Microsoft.Extensions.Logging.LogLevel Level, string Text) notice = Assert.Single(logs.Messages, m => m.Text.Contains("Compression Gzip", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, notice.Level);
        Assert.Contains($"API {apiVersion}", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compressed_batch_that_is_retried_sends_the_same_bytes_and_is_stored_once()
    {
        await using var context = await CompressionContext.StartAsync("1.21", ReductCompression.Gzip);
        var batch = new Batch();
        for (int i = 0; i < 30; i++)
        {
            batch.Add(i, Reading(i));
        }

        context.Server.Faults.FailNextRequests(1, 503, "The server is starting up, please try again later", pathFilter: p => p.EndsWith("/write", StringComparison.Ordinal));
        BatchWriteResult<ReductTimestamp> result = await context.Bucket.WriteBatchAsync("sensor", batch);

        Assert.Empty(result);
        AssertStored(context.Server, "sensor", 30, firstTimestamp: 0);
        SeenRequest[] attempts = [.. context.Requests.Where(r => r.Path.EndsWith("/write", StringComparison.Ordinal))];
        Assert.Equal(2, attempts.Length);
        Assert.All(attempts, a => Assert.Equal("gzip", a.ContentEncoding));
        Assert.Equal(attempts[0].ContentLength, attempts[1].ContentLength);
    }

    [Fact]
    public async Task The_writer_sends_compressed_requests_and_every_record_is_stored()
    {
        await using var context = await CompressionContext.StartAsync("1.21", ReductCompression.Zstd);
        await using (IngestionWriter writer = context.Bucket.CreateWriter())
        {
            EntryWriter[] sensors = [.. Enumerable.Range(0, 10).Select(i => writer.OpenEntry($"sensor-{i}", "application/json"))];
            for (int i = 0; i < 5_000; i++)
            {
                await sensors[i % 10].WriteAsync((ulong)(10_000 + i), Reading(i));
            }

            await writer.FlushAsync();
        }

        for (int e = 0; e < 10; e++)
        {
            AssertStored(context.Server, $"sensor-{e}", 500, first: e, step: 10, firstTimestamp: 10_000 + e);
        }

        Assert.True(context.Server.Statistics.EncodedRequestCount > 0);
        Assert.All(context.Requests.Where(r => r.Method == "POST" && r.Path.Contains("/io/", StringComparison.Ordinal)), r => Assert.Equal("zstd", r.ContentEncoding));
        Assert.Equal(0, context.Server.Statistics.OverlappingWriteRequests);
    }

    [Fact]
    public void Options_out_of_range_are_refused_when_the_client_is_created()
    {
        var codec = Assert.Throws<ArgumentOutOfRangeException>(() => new ReductClient(new ReductClientOptions { Url = new Uri("http://127.0.0.1:1"), Compression = (ReductCompression)9 }));
        Assert.Contains("ReductClientOptions.Compression", codec.Message, StringComparison.Ordinal);
        var minimum = Assert.Throws<ArgumentOutOfRangeException>(() => new ReductClient(new ReductClientOptions { Url = new Uri("http://127.0.0.1:1"), CompressionMinimumSize = -1 }));
        Assert.Contains("CompressionMinimumSize", minimum.Message, StringComparison.Ordinal);
    }

    private static byte[] Reading(int i) =>
        Encoding.UTF8.GetBytes($"{{\"sensor\":\"temperature\",\"value\":{20 + (i % 7)}.25,\"unit\":\"celsius\",\"seq\":{i}}}");

    private static void AssertStored(ReductTestServer server, string entry, int count, int first = 0, int step = 1, long firstTimestamp = 1_000)
    {
        string bucket = CompressionContext.BucketName;
        IReadOnlyList<StoredRecord> records = server.Storage.GetRecords(bucket, entry);
        Assert.Equal(count, records.Count);
        for (int k = 0; k < count; k++)
        {
            Assert.Equal((ulong)(firstTimestamp + (long)k * step), records[k].Timestamp);
            Assert.Equal(Reading(first + k * step), records[k].ReadData());
        }
    }

    private sealed record SeenRequest(string Method, string Path, string? ContentEncoding, string? DecodedLength, long? ContentLength);

    private sealed class CompressionContext : IAsyncDisposable
    {
        public const string BucketName = "compressed";

        private CompressionContext(ReductTestServer server, ReductClient client, Bucket bucket, ConcurrentQueue<SeenRequest> requests)
        {
            Server = server;
            Client = client;
            Bucket = bucket;
            RequestQueue = requests;
        }

        public ReductTestServer Server { get; }

        public ReductClient Client { get; }

        public Bucket Bucket { get; }

        /// <summary>The write requests the client sent (bucket creation and <c>GET /info</c> left out).</summary>
        public IReadOnlyList<SeenRequest> Requests => [.. RequestQueue.Where(r => r.Method != "GET" && !r.Path.EndsWith("/b/" + BucketName, StringComparison.Ordinal))];

        private ConcurrentQueue<SeenRequest> RequestQueue { get; }

        public static async Task<CompressionContext> StartAsync(string apiVersion, ReductCompression codec, Microsoft.Extensions.Logging.ILoggerFactory? logs = null)
        {
            ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = apiVersion });
            var requests = new ConcurrentQueue<SeenRequest>();
            var http = new HttpClient(new Recorder(requests) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = server.Url };
            var client = new ReductClient(http, new ReductClientOptions { Compression = codec }, logs);
            Bucket bucket = await client.CreateBucketAsync(BucketName);
            return new CompressionContext(server, client, bucket, requests);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Server.DisposeAsync();
        }
    }

    private sealed class Recorder(ConcurrentQueue<SeenRequest> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string? encoding = request.Content?.Headers.ContentEncoding.FirstOrDefault();
            string? decoded = request.Content is { } content && content.Headers.TryGetValues("x-reduct-content-length", out IEnumerable<string>? values) ? values.First() : null;
            requests.Enqueue(new SeenRequest(request.Method.Method, request.RequestUri!.AbsolutePath, encoding, decoded, request.Content?.Headers.ContentLength));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
