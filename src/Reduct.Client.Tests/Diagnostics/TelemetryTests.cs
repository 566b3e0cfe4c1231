using System.Diagnostics;
using System.Runtime.CompilerServices;
using Reduct.Client.Diagnostics;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Diagnostics;

/// <summary>The meter and the activity source, collected with listeners while the client talks to the reference server.</summary>
[Collection(ProcessWideListenerCollection.Name)]
public sealed class TelemetryTests : IAsyncLifetime
{
    private const string Written = "reduct.client.records.written";
    private const string BytesWritten = "reduct.client.bytes.written";
    private const string Failed = "reduct.client.records.failed";
    private const string PerRequest = "reduct.client.request.records";
    private const string Duration = "reduct.client.request.duration";
    private const string QueueDepth = "reduct.client.writer.queue_depth";

    private readonly TelemetryCollector _collector = new();
    private ReductTestServer _server = null!;
    private ReductClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = "diagnostics-token" });
        _client = new ReductClient(_server.Url, "diagnostics-token");
    }

    public async Task DisposeAsync()
    {
        _collector.Dispose();
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_single_write_counts_one_record_and_its_bytes_and_traces_one_request()
    {
        Bucket bucket = await _client.CreateBucketAsync(UniqueBucket());

        await bucket.WriteAsync("camera/front", new byte[1234], 1_000UL);

        Assert.Equal(1, _collector.Sum(Written, (TelemetryTags.Bucket, bucket.Name)));
        Assert.Equal(1234, _collector.Sum(BytesWritten, (TelemetryTags.Bucket, bucket.Name)));
        Assert.Empty(_collector.Measurements(Failed, (TelemetryTags.Bucket, bucket.Name)));
        CollectedMeasurement perRequest = Assert.Single(_collector.Measurements(PerRequest, (TelemetryTags.Bucket, bucket.Name)));
        Assert.Equal(1, perRequest.Value);
        Assert.Equal("b/{bucket}/{entry}", perRequest.Tag(TelemetryTags.UrlTemplate));

        Activity activity = Assert.Single(_collector.Activities((TelemetryTags.Bucket, bucket.Name), (TelemetryTags.HttpMethod, "POST"), (TelemetryTags.UrlTemplate, "b/{bucket}/{entry}")));
        Assert.Equal("POST b/{bucket}/{entry}", activity.DisplayName);
        Assert.Equal(ActivityKind.Client, activity.Kind);
        Assert.Equal($"/api/v1/b/{bucket.Name}/camera/front", activity.GetTagItem(TelemetryTags.UrlPath));
        Assert.Equal("camera/front", activity.GetTagItem(TelemetryTags.Entry));
        Assert.Equal(1, activity.GetTagItem(TelemetryTags.RecordCount));
        Assert.Equal(200, activity.GetTagItem(TelemetryTags.HttpStatusCode));
        Assert.Equal(_server.Url.Port, activity.GetTagItem(TelemetryTags.ServerPort));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
        Assert.Equal(typeof(ReductClient).Assembly.GetName().Version!.ToString(), activity.Source.Version);

        CollectedMeasurement duration = Assert.Single(_collector.Measurements(Duration,
            (TelemetryTags.ServerPort, _server.Url.Port), (TelemetryTags.HttpMethod, "POST"), (TelemetryTags.UrlTemplate, "b/{bucket}/{entry}")));
        Assert.Equal(200, duration.Tag(TelemetryTags.HttpStatusCode));
        Assert.InRange(duration.Value, double.Epsilon, activity.Duration.TotalSeconds);
    }

    [Fact]
    public async Task A_failed_single_write_counts_the_record_as_failed_with_its_status()
    {
        Bucket bucket = await _client.CreateBucketAsync(UniqueBucket());
        await bucket.WriteAsync("e", "first", 5UL);

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => bucket.WriteAsync("e", "again", 5UL));

        Assert.Equal(409, error.Status);
        Assert.Equal(1, _collector.Sum(Written, (TelemetryTags.Bucket, bucket.Name)));
        Assert.Equal(1, _collector.Sum(Failed, (TelemetryTags.Bucket, bucket.Name), (TelemetryTags.ErrorType, "409")));
        Activity rejected = Assert.Single(_collector.Activities((TelemetryTags.Bucket, bucket.Name), (TelemetryTags.HttpStatusCode, 409)));
        Assert.Equal(ActivityStatusCode.Error, rejected.Status);
        Assert.Equal("409", rejected.GetTagItem(TelemetryTags.ErrorType));
    }

    [Fact]
    public async Task A_multi_entry_batch_with_a_duplicate_counts_stored_and_failed_records_and_tags_the_request()
    {
        Bucket bucket = await _client.CreateBucketAsync(UniqueBucket());
        await bucket.WriteAsync("temperature", new byte[10], 100UL);
        var batch = new RecordBatch();
        batch.Add("temperature", 100UL, new byte[10]);
        batch.Add("temperature", 101UL, new byte[20]);
        batch.Add("humidity", 100UL, new byte[30]);

        IReadOnlyDictionary<RecordKey, ReductException> errors = await bucket.WriteBatchAsync(batch);

        Assert.Equal(409, Assert.Single(errors).Value.Status);
        Assert.Equal(1 + 2, _collector.Sum(Written, (TelemetryTags.Bucket, bucket.Name)));
        Assert.Equal(10 + 20 + 30, _collector.Sum(BytesWritten, (TelemetryTags.Bucket, bucket.Name)));
        Assert.Equal(1, _collector.Sum(Failed, (TelemetryTags.Bucket, bucket.Name), (TelemetryTags.ErrorType, "409")));
        CollectedMeasurement perRequest = Assert.Single(_collector.Measurements(PerRequest, (TelemetryTags.Bucket, bucket.Name), (TelemetryTags.UrlTemplate, "io/{bucket}/write")));
        Assert.Equal(3, perRequest.Value);

        Activity activity = Assert.Single(_collector.Activities((TelemetryTags.Bucket, bucket.Name), (TelemetryTags.UrlTemplate, "io/{bucket}/write")));
        Assert.Equal("POST io/{bucket}/write", activity.DisplayName);
        Assert.Equal(2, activity.GetTagItem(TelemetryTags.EntryCount));
        Assert.Null(activity.GetTagItem(TelemetryTags.Entry));
        Assert.Equal(3, activity.GetTagItem(TelemetryTags.RecordCount));
        Assert.Equal(200, activity.GetTagItem(TelemetryTags.HttpStatusCode));
    }

    [Fact]
    public async Task A_batch_refused_as_a_whole_counts_every_record_as_failed()
    {
        string bucketName = UniqueBucket();
        await _client.CreateBucketAsync(bucketName);
        using var intruder = new ReductClient(_server.Url, "not-a-token");
        var batch = new Batch();
        for (ulong i = 0; i < 4; i++)
        {
            batch.Add(i, "x");
        }

        await Assert.ThrowsAsync<ReductException>(() => intruder.GetBucket(bucketName).WriteBatchAsync("e", batch));

        Assert.Equal(4, _collector.Sum(Failed, (TelemetryTags.Bucket, bucketName), (TelemetryTags.ErrorType, "401")));
        Assert.Empty(_collector.Measurements(Written, (TelemetryTags.Bucket, bucketName)));
        Activity activity = Assert.Single(_collector.Activities((TelemetryTags.Bucket, bucketName), (TelemetryTags.RecordCount, 4)));
        Assert.Equal(401, activity.GetTagItem(TelemetryTags.HttpStatusCode));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal(4, activity.GetTagItem(TelemetryTags.RecordCount));
    }

    [Fact]
    public async Task A_431_split_shows_the_refused_request_and_its_two_halves()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { MaxRequestHeadSize = 16 * 1024 });
        using var client = new ReductClient(new ReductClientOptions { Url = server.Url, BatchMaxHeaderSize = 400_000 });
        Bucket bucket = await client.CreateBucketAsync(UniqueBucket());
        var batch = new Batch();
        for (ulong i = 0; i < 40; i++)
        {
            // About 600 bytes of labels per record, each different so that none is left out as unchanged:
            // 24 KB in one request, over the server's 16 KB head limit.
            batch.Add(i, "x"u8, labels: new Labels { ["note"] = new string((char)('a' + (int)(i % 26)), 600) });
        }

        IReadOnlyDictionary<ReductTimestamp, ReductException> errors = await bucket.WriteBatchAsync("e", batch);

        Assert.Empty(errors);
        Assert.Equal(40, _collector.Sum(Written, (TelemetryTags.Bucket, bucket.Name)));
        Assert.Empty(_collector.Measurements(Failed, (TelemetryTags.Bucket, bucket.Name)));
        Assert.Equal([40.0, 20.0, 20.0], _collector.Measurements(PerRequest, (TelemetryTags.Bucket, bucket.Name)).Select(m => m.Value));
        IReadOnlyList<Activity> requests = _collector.Activities((TelemetryTags.Bucket, bucket.Name), (TelemetryTags.UrlTemplate, "io/{bucket}/write"));
        Assert.Equal([431, 200, 200], requests.Select(a => (int)a.GetTagItem(TelemetryTags.HttpStatusCode)!));
    }

    [Fact]
    public async Task Management_requests_are_traced_with_their_route_and_bucket()
    {
        string bucketName = UniqueBucket();

        await _client.CreateBucketAsync(bucketName);
        await _client.GetInfoAsync();

        Activity create = Assert.Single(_collector.Activities((TelemetryTags.Bucket, bucketName), (TelemetryTags.HttpMethod, "POST")));
        Assert.Equal("POST b/{bucket}", create.DisplayName);
        Assert.Equal(200, create.GetTagItem(TelemetryTags.HttpStatusCode));
        Assert.Contains(_collector.Activities((TelemetryTags.ServerPort, _server.Url.Port), (TelemetryTags.UrlTemplate, "info")), a => a.DisplayName == "GET info");
    }

    [Fact]
    public async Task A_request_without_a_response_records_its_error_type()
    {
        ReductTestServer server = await ReductTestServer.StartAsync();
        Uri url = server.Url;
        await server.DisposeAsync();
        using var client = new ReductClient(new ReductClientOptions { Url = url, Retry = { MaxRetryAttempts = 0 } });

        Assert.False(await client.IsAliveAsync());

        CollectedMeasurement duration = Assert.Single(_collector.Measurements(Duration, (TelemetryTags.ServerPort, url.Port), (TelemetryTags.UrlTemplate, "alive")));
        Assert.Null(duration.Tag(TelemetryTags.HttpStatusCode));
        Assert.Equal(typeof(HttpRequestException).FullName, duration.Tag(TelemetryTags.ErrorType));
        Activity activity = Assert.Single(_collector.Activities((TelemetryTags.ServerPort, url.Port)));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
    }

    [Fact]
    public void The_writer_queue_depth_is_observed_per_bucket()
    {
        string bucketName = UniqueBucket();

        StrongBox<long> counter = ReductMetrics.WriterQueueDepth.For(bucketName);
        Interlocked.Add(ref counter.Value, 7);
        Interlocked.Add(ref counter.Value, -3);
        _collector.RecordObservableInstruments();

        CollectedMeasurement depth = Assert.Single(_collector.Measurements(QueueDepth, (TelemetryTags.Bucket, bucketName)));
        Assert.Equal(4, depth.Value);
        Interlocked.Add(ref counter.Value, -4);
        Assert.Same(counter, ReductMetrics.WriterQueueDepth.For(bucketName));
        Assert.Equal(0, ReductMetrics.WriterQueueDepth.Current(bucketName));
    }

    private static string UniqueBucket() => "diag-" + Guid.NewGuid().ToString("N")[..12];
}
