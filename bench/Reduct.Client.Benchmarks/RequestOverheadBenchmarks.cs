using System.Buffers;
using System.Globalization;
using System.Net;
using BenchmarkDotNet.Attributes;

namespace Reduct.Client.Benchmarks;

/// <summary>
/// The client's own cost of one batch request of 80 records of 100 bytes, from adding the records to reading the
/// answer, with the transport taken away: both sides send through an <see cref="HttpClient"/> whose handler reads the
/// request body and answers 200 at once. What remains is what Reduct.Client adds on top of a hand-built request (the
/// socket handler's own work is the same for both and is left out). Divide by 80 for per-record figures
/// (OperationsPerInvoke does that).
/// </summary>
[MemoryDiagnoser]
public class RequestOverheadBenchmarks
{
    private const int RecordsPerRequest = 80;
    private const int PayloadSize = 100;
    private const string Entry = "sensor-1";
    private const string ContentType = "application/octet-stream";
    private const ulong Start = 1_700_000_000_000_000UL;

    private readonly byte[] _payload = new byte[PayloadSize];
    private readonly Labels _labels = new() { ["sensor"] = "temp-01", ["unit"] = "celsius" };
    private readonly RecordBatch _recordBatch = new();
    private readonly Batch _batch = new();
    private readonly ArrayBufferWriter<byte> _rawBody = new();
    private readonly string[] _entryNames = [.. Enumerable.Range(0, RecordsPerRequest).Select(i => "sensor-" + i.ToString(CultureInfo.InvariantCulture))];
    private readonly string[] _oneEntryForAll = [.. Enumerable.Repeat(Entry, RecordsPerRequest)];
    private readonly string[] _recordHeaderPrefixes = [.. Enumerable.Range(0, RecordsPerRequest).Select(i => "x-reduct-" + i.ToString(CultureInfo.InvariantCulture) + "-")];
    private HttpClient _rawHttpV2 = null!;
    private HttpClient _rawHttpV1 = null!;
    private ReductClient _clientV2 = null!;
    private ReductClient _clientV1 = null!;
    private Bucket _bucketV2 = null!;
    private Bucket _bucketV1 = null!;
    private string _rawV2Url = null!;
    private string _rawV1Url = null!;
    private string _firstV2Value = null!;
    private string _lengthText = null!;
    private string _v1Value = null!;
    private ulong _round;

    [GlobalSetup]
    public void Setup()
    {
        var server = new Uri("http://overhead.invalid/");
        _rawHttpV2 = new HttpClient(new AnsweringHandler("1.21")) { BaseAddress = server };
        _rawHttpV1 = new HttpClient(new AnsweringHandler("1.17")) { BaseAddress = server };
        _clientV2 = new ReductClient(new HttpClient(new AnsweringHandler("1.21")) { BaseAddress = server }, new ReductClientOptions { Url = server });
        _clientV1 = new ReductClient(new HttpClient(new AnsweringHandler("1.17")) { BaseAddress = server }, new ReductClientOptions { Url = server });
        _bucketV2 = _clientV2.GetBucket("bench");
        _bucketV1 = _clientV1.GetBucket("bench");
        _rawV2Url = server.AbsoluteUri + "api/v1/io/bench/write";
        _rawV1Url = server.AbsoluteUri + "api/v1/b/bench/" + Entry + "/batch";
        _lengthText = PayloadSize.ToString(CultureInfo.InvariantCulture);
        _firstV2Value = _lengthText + ",,0=temp-01,1=celsius";
        _v1Value = _lengthText + "," + ContentType + ",sensor=temp-01,unit=celsius";
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rawHttpV2.Dispose();
        _rawHttpV1.Dispose();
        _clientV2.Dispose();
        _clientV1.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RecordsPerRequest, Description = "hand-built v2 request, per record")]
    public Task<int> RawV2() => SendHandBuiltV2Async(Entry, oneRecordPerEntry: false);

    [Benchmark(OperationsPerInvoke = RecordsPerRequest, Description = "RecordBatch (v2), per record")]
    public Task<int> RecordBatchV2() => WriteRecordBatchAsync(_oneEntryForAll);

    // One record from each of 80 sensors: every record opens its entry, so each names its labels.
    [Benchmark(OperationsPerInvoke = RecordsPerRequest, Description = "hand-built v2 request, 80 entries, per record")]
    public Task<int> RawV2ManyEntries() => SendHandBuiltV2Async(string.Join(',', _entryNames), oneRecordPerEntry: true);

    [Benchmark(OperationsPerInvoke = RecordsPerRequest, Description = "RecordBatch (v2), 80 entries, per record")]
    public Task<int> RecordBatchV2ManyEntries() => WriteRecordBatchAsync(_entryNames);

    [Benchmark(OperationsPerInvoke = RecordsPerRequest, Description = "hand-built v1 request, per record")]
    public async Task<int> RawV1()
    {
        ulong start = NextStart();
        using var request = new HttpRequestMessage(HttpMethod.Post, _rawV1Url);
        _rawBody.ResetWrittenCount();
        for (int i = 0; i < RecordsPerRequest; i++)
        {
            string timestamp = (start + ((ulong)i * 1000)).ToString(CultureInfo.InvariantCulture);
            request.Headers.TryAddWithoutValidation("x-reduct-time-" + timestamp, _v1Value);
            _rawBody.Write(_payload);
        }

        request.Content = new ReadOnlyMemoryContent(_rawBody.WrittenMemory);
        using HttpResponseMessage response = await _rawHttpV1.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return (int)response.StatusCode;
    }

    [Benchmark(OperationsPerInvoke = RecordsPerRequest, Description = "Batch (v1), per record")]
    public async Task<int> BatchV1()
    {
        ulong start = NextStart();
        for (int i = 0; i < RecordsPerRequest; i++)
        {
            _batch.Add(start + ((ulong)i * 1000), _payload, ContentType, _labels);
        }

        BatchWriteResult<ReductTimestamp> result = await _bucketV1.WriteBatchAsync(Entry, _batch);
        _batch.Clear();
        return result.Count;
    }

    /// <summary>One v2 request built by hand: to one entry, or with each record opening an entry of its own.</summary>
    private async Task<int> SendHandBuiltV2Async(string entriesHeader, bool oneRecordPerEntry)
    {
        ulong start = NextStart();
        using var request = new HttpRequestMessage(HttpMethod.Post, _rawV2Url);
        request.Headers.TryAddWithoutValidation("x-reduct-entries", entriesHeader);
        request.Headers.TryAddWithoutValidation("x-reduct-start-ts", start.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-reduct-labels", "sensor,unit");
        _rawBody.ResetWrittenCount();
        for (int i = 0; i < RecordsPerRequest; i++)
        {
            string delta = ((ulong)i * 1000).ToString(CultureInfo.InvariantCulture);
            string prefix = oneRecordPerEntry ? _recordHeaderPrefixes[i] : _recordHeaderPrefixes[0];
            request.Headers.TryAddWithoutValidation(prefix + delta, oneRecordPerEntry || i == 0 ? _firstV2Value : _lengthText);
            _rawBody.Write(_payload);
        }

        request.Content = new ReadOnlyMemoryContent(_rawBody.WrittenMemory);
        using HttpResponseMessage response = await _rawHttpV2.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return (int)response.StatusCode;
    }

    /// <summary>One <see cref="RecordBatch"/> of 80 records, record i to <paramref name="entryOfRecord"/>[i].</summary>
    private async Task<int> WriteRecordBatchAsync(string[] entryOfRecord)
    {
        ulong start = NextStart();
        for (int i = 0; i < RecordsPerRequest; i++)
        {
            _recordBatch.Add(entryOfRecord[i], start + ((ulong)i * 1000), _payload, ContentType, _labels);
        }

        BatchWriteResult<RecordKey> result = await _bucketV2.WriteBatchAsync(_recordBatch);
        _recordBatch.Clear();
        return result.Count;
    }

    // Each request moves on in time, as a real producer's do (the v1 header names then differ from request to request).
    private ulong NextStart() => Start + (_round++ * RecordsPerRequest * 1000);

    /// <summary>The far end of the request, without a network: reads the whole body and answers 200 with the API version.</summary>
    private sealed class AnsweringHandler(string apiVersion) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }

            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request };
            response.Headers.TryAddWithoutValidation("x-reduct-api", apiVersion);
            return response;
        }
    }
}
