using System.Net;
using Microsoft.Extensions.Logging;
using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>
/// The server does not publish how many records a batch request may carry: after its first 431 the client keeps the
/// size that worked, so a long run pays a handful of refusals rather than one or two per request.
/// </summary>
public class BatchRecordLimitTests
{
    [Fact]
    public async Task Batches_larger_than_the_server_takes_are_split_once_and_later_ones_start_at_the_size_that_worked()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync();
        var counter = new RequestCounter();
        var logs = new CollectingLoggerFactory();
        using ReductClient client = CountingClient(server, counter, logs, batchMaxRecords: 200);
        Bucket bucket = await client.CreateBucketAsync("data");

        for (int call = 0; call < 5; call++)
        {
            var batch = new RecordBatch();
            for (int i = 0; i < 400; i++)
            {
                batch.Add("sensor", (ulong)((call * 1000) + i + 1), "x");
            }

            Assert.Empty(await bucket.WriteBatchAsync(batch));
        }

        // The default server takes 100 request headers: 200 and 100 records are refused once each, then 50 per request.
        Assert.Equal(2000, server.Storage.GetRecords("data", "sensor").Count);
        Assert.Equal(2, counter.Refused);
        Assert.Equal(2 + 40, counter.BatchRequests);
        Assert.Single(logs.Messages, m => m.Level == LogLevel.Information && m.Text.Contains("now carry at most 50 records", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_writer_against_a_server_limited_to_20_records_pays_a_handful_of_refusals()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { MaxBatchRecords = 20 });
        var counter = new RequestCounter();
        using ReductClient client = CountingClient(server, counter, logs: null, batchMaxRecords: 200);
        Bucket bucket = await client.CreateBucketAsync("data");

        await using (IngestionWriter writer = bucket.CreateWriter(new IngestionWriterOptions { FlushRecordCount = 200 }))
        {
            EntryWriter entry = writer.OpenEntry("sensor");
            for (ulong i = 1; i <= 2000; i++)
            {
                await entry.WriteAsync(i, "x"u8.ToArray());
            }

            Assert.Empty(await writer.FlushAsync());
        }

        // 35 headers: requests of 200, 100 and 50 records are refused, 25 are taken.
        Assert.Equal(2000, server.Storage.GetRecords("data", "sensor").Count);
        Assert.Equal(3, counter.Refused);
        Assert.Equal(3 + 80, counter.BatchRequests);
    }

    [Fact]
    public async Task A_single_write_refused_with_431_says_that_its_labels_exceed_the_server_limits()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { MaxBatchRecords = 20 });
        using var client = new ReductClient(server.Url);
        Bucket bucket = await client.CreateBucketAsync("data");
        var labels = new Labels();
        for (int i = 0; i < 40; i++)
        {
            labels[$"label-{i}"] = i;
        }

        ReductException error = await Assert.ThrowsAsync<ReductException>(() =>
            bucket.WriteAsync("sensor", "x"u8.ToArray(), 1UL, new RecordWriteOptions { Labels = labels }));

        Assert.Equal(431, error.Status);
        Assert.False(error.IsOutcomeUnknown);
        Assert.Contains("The record's labels exceed the server's request header limits: 40 labels travel as 40 request headers of", error.Message, StringComparison.Ordinal);
        Assert.Null(server.Storage.FindRecord("data", "sensor", 1));
    }

    private static ReductClient CountingClient(ReductTestServer server, RequestCounter counter, ILoggerFactory? logs, int batchMaxRecords)
    {
        counter.InnerHandler = new SocketsHttpHandler();
        var http = new HttpClient(counter) { BaseAddress = server.Url, Timeout = Timeout.InfiniteTimeSpan };
        return new ReductClient(http, new ReductClientOptions { BatchMaxRecords = batchMaxRecords, LoggerFactory = logs });
    }

    /// <summary>Counts batch requests and their 431 refusals, which the server's own statistics cannot see.</summary>
    private sealed class RequestCounter : DelegatingHandler
    {
        private int _batchRequests;
        private int _refused;

        public int BatchRequests => Volatile.Read(ref _batchRequests);

        public int Refused => Volatile.Read(ref _refused);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/write", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _batchRequests);
                if (response.StatusCode == HttpStatusCode.RequestHeaderFieldsTooLarge)
                {
                    Interlocked.Increment(ref _refused);
                }
            }

            return response;
        }
    }
}
