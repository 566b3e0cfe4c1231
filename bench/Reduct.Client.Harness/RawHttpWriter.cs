using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Reduct.Client.Harness;

/// <summary>
/// The baseline: a bare <see cref="HttpClient"/> sending requests built by hand, with no Reduct.Client code, the
/// way a careful application would write them. It is the floor for the HTTP cost of each write path.
/// </summary>
internal sealed class RawHttpWriter : IWorkloadWriter
{
    private const string ErrorHeaderPrefix = "x-reduct-error";
    private const string ApiPrefix = "api/v1/";

    private readonly HttpClient _http;
    private readonly string _apiBase;
    private readonly ClientPath _path;

    public RawHttpWriter(Uri serverUrl, ClientPath path)
    {
        _path = path;
        _apiBase = serverUrl.AbsoluteUri.TrimEnd('/') + "/" + ApiPrefix;

        // One pooled connection handler with keep-alive, set up as Reduct.Client sets up its own.
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Task WriteAsync(string bucket, WorkloadShape shape, CancellationToken cancellationToken) => _path switch
    {
        ClientPath.Single => WriteSinglesAsync(bucket, shape, cancellationToken),
        ClientPath.BatchV1 => WriteBatchesV1Async(bucket, shape, cancellationToken),
        ClientPath.BatchV2 => WriteBatchesV2Async(bucket, shape, cancellationToken),
        ClientPath.Stream => WriteStreamsAsync(bucket, shape, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), _path, "The raw baseline has no such write path."),
    };

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WriteSinglesAsync(string bucket, WorkloadShape shape, CancellationToken cancellationToken)
    {
        byte[] payload = RecordPattern.CreatePayload(shape.RecordSize);
        string[] entryUrls = EntryUrls(bucket, shape, suffix: "?ts=");
        for (int i = 0; i < shape.Records; i++)
        {
            string url = entryUrls[RecordPattern.EntryNumber(i, shape)] + RecordPattern.Timestamp(i).ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(payload) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", RecordPattern.ContentType);
            request.Headers.TryAddWithoutValidation("x-reduct-label-" + RecordPattern.SensorLabel, RecordPattern.SensorValue);
            request.Headers.TryAddWithoutValidation("x-reduct-label-" + RecordPattern.UnitLabel, RecordPattern.UnitValue);
            await SendAsync(request, cancellationToken);
        }
    }

    private async Task WriteStreamsAsync(string bucket, WorkloadShape shape, CancellationToken cancellationToken)
    {
        byte[] chunk = RecordPattern.CreatePayload(Math.Min(shape.ChunkSize, shape.RecordSize));
        string[] entryUrls = EntryUrls(bucket, shape, suffix: "?ts=");
        for (int i = 0; i < shape.Records; i++)
        {
            string url = entryUrls[RecordPattern.EntryNumber(i, shape)] + RecordPattern.Timestamp(i).ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new RepeatedChunkContent(chunk, shape.RecordSize) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", RecordPattern.ContentType);
            request.Headers.TryAddWithoutValidation("x-reduct-label-" + RecordPattern.SensorLabel, RecordPattern.SensorValue);
            request.Headers.TryAddWithoutValidation("x-reduct-label-" + RecordPattern.UnitLabel, RecordPattern.UnitValue);
            await SendAsync(request, cancellationToken);
        }
    }

    private async Task WriteBatchesV1Async(string bucket, WorkloadShape shape, CancellationToken cancellationToken)
    {
        // A v1 request carries one entry, so records wait in one pending batch per entry until it is full.
        byte[] payload = RecordPattern.CreatePayload(shape.RecordSize);
        string[] batchUrls = EntryUrls(bucket, shape, suffix: "/batch");
        string recordValue = string.Create(CultureInfo.InvariantCulture,
            $"{shape.RecordSize},,{RecordPattern.SensorLabel}={RecordPattern.SensorValue},{RecordPattern.UnitLabel}={RecordPattern.UnitValue}");
        var pending = new PendingV1Batch[shape.Entries];
        for (int entry = 0; entry < shape.Entries; entry++)
        {
            pending[entry] = new PendingV1Batch();
        }

        for (int i = 0; i < shape.Records; i++)
        {
            PendingV1Batch batch = pending[RecordPattern.EntryNumber(i, shape)];
            if (BatchPolicy.IsFull(batch.Timestamps.Count, batch.Body.WrittenCount, payload.Length))
            {
                await SendV1Async(batchUrls[RecordPattern.EntryNumber(i, shape)], batch, recordValue, cancellationToken);
            }

            batch.Timestamps.Add(RecordPattern.Timestamp(i));
            batch.Body.Write(payload);
        }

        for (int entry = 0; entry < shape.Entries; entry++)
        {
            if (pending[entry].Timestamps.Count > 0)
            {
                await SendV1Async(batchUrls[entry], pending[entry], recordValue, cancellationToken);
            }
        }
    }

    private async Task SendV1Async(string url, PendingV1Batch batch, string recordValue, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(batch.Body.WrittenMemory) };
        foreach (ulong timestamp in batch.Timestamps)
        {
            request.Headers.TryAddWithoutValidation("x-reduct-time-" + timestamp.ToString(CultureInfo.InvariantCulture), recordValue);
        }

        await SendAsync(request, cancellationToken);
        batch.Timestamps.Clear();
        batch.Body.ResetWrittenCount();
    }

    private async Task WriteBatchesV2Async(string bucket, WorkloadShape shape, CancellationToken cancellationToken)
    {
        byte[] payload = RecordPattern.CreatePayload(shape.RecordSize);
        string url = _apiBase + "io/" + bucket + "/write";
        string[] entryNames = [.. Enumerable.Range(0, shape.Entries).Select(RecordPattern.EntryName)];
        string lengthOnly = shape.RecordSize.ToString(CultureInfo.InvariantCulture);

        // The first record of an entry in a request names its (default) content type and sets both labels by index.
        string firstOfEntry = lengthOnly + ",,0=" + RecordPattern.SensorValue + ",1=" + RecordPattern.UnitValue;
        var batch = new PendingV2Batch(shape.Entries);
        for (int i = 0; i < shape.Records; i++)
        {
            if (BatchPolicy.IsFull(batch.Count, batch.BodyBytes, payload.Length))
            {
                await SendV2Async(url, batch, entryNames, firstOfEntry, lengthOnly, cancellationToken);
            }

            batch.Add(RecordPattern.EntryNumber(i, shape), RecordPattern.Timestamp(i), payload);
        }

        if (batch.Count > 0)
        {
            await SendV2Async(url, batch, entryNames, firstOfEntry, lengthOnly, cancellationToken);
        }
    }

    private async Task SendV2Async(string url, PendingV2Batch batch, string[] entryNames, string firstOfEntry, string lengthOnly, CancellationToken cancellationToken)
    {
        // The body goes entry by entry (in the order the entries first appear), then by time within an entry.
        List<int> entryOrder = batch.EntriesInOrderOfAppearance();
        ulong start = batch.StartTimestamp;
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.TryAddWithoutValidation("x-reduct-entries", string.Join(',', entryOrder.Select(entry => entryNames[entry])));
        request.Headers.TryAddWithoutValidation("x-reduct-start-ts", start.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-reduct-labels", RecordPattern.SensorLabel + "," + RecordPattern.UnitLabel);
        batch.Body.ResetWrittenCount();
        for (int local = 0; local < entryOrder.Count; local++)
        {
            bool first = true;
            string prefix = "x-reduct-" + local.ToString(CultureInfo.InvariantCulture) + "-";
            for (int record = 0; record < batch.Count; record++)
            {
                if (batch.EntryNumbers[record] != entryOrder[local])
                {
                    continue;
                }

                ulong delta = batch.Timestamps[record] - start;
                request.Headers.TryAddWithoutValidation(prefix + delta.ToString(CultureInfo.InvariantCulture), first ? firstOfEntry : lengthOnly);
                batch.Body.Write(batch.Data[record].Span);
                first = false;
            }
        }

        request.Content = new ReadOnlyMemoryContent(batch.Body.WrittenMemory);
        await SendAsync(request, cancellationToken);
        batch.Clear();
    }

    private async Task SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {Header(response, "x-reduct-error")}");
        }

        // A batch answers 200 and names every record it refused in an x-reduct-error-* header.
        foreach (KeyValuePair<string, HeaderStringValues> header in response.Headers.NonValidated)
        {
            if (header.Key.StartsWith(ErrorHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                throw new HttpRequestException($"{request.RequestUri} refused a record: {header.Key}: {header.Value}");
            }
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out HeaderStringValues values) ? values.ToString() : "(no error header)";

    private string[] EntryUrls(string bucket, WorkloadShape shape, string suffix) =>
        [.. Enumerable.Range(0, shape.Entries).Select(entry => _apiBase + "b/" + bucket + "/" + RecordPattern.EntryName(entry) + suffix)];

    /// <summary>Records of one entry waiting for a v1 request: their timestamps and their bodies, back to back.</summary>
    private sealed class PendingV1Batch
    {
        public List<ulong> Timestamps { get; } = new(BatchPolicy.MaxRecords);

        public ArrayBufferWriter<byte> Body { get; } = new();
    }

    /// <summary>Records of any entries waiting for a v2 request, in the order they were added.</summary>
    private sealed class PendingV2Batch
    {
        private readonly int[] _positionOfEntry;

        public PendingV2Batch(int entries)
        {
            _positionOfEntry = new int[entries];
            Array.Fill(_positionOfEntry, -1);
        }

        public int Count { get; private set; }

        public long BodyBytes { get; private set; }

        public int[] EntryNumbers { get; } = new int[BatchPolicy.MaxRecords];

        public ulong[] Timestamps { get; } = new ulong[BatchPolicy.MaxRecords];

        public ReadOnlyMemory<byte>[] Data { get; } = new ReadOnlyMemory<byte>[BatchPolicy.MaxRecords];

        public ArrayBufferWriter<byte> Body { get; } = new();

        public ulong StartTimestamp
        {
            get
            {
                ulong start = ulong.MaxValue;
                for (int record = 0; record < Count; record++)
                {
                    start = Math.Min(start, Timestamps[record]);
                }

                return start;
            }
        }

        public void Add(int entryNumber, ulong timestamp, ReadOnlyMemory<byte> data)
        {
            EntryNumbers[Count] = entryNumber;
            Timestamps[Count] = timestamp;
            Data[Count] = data;
            Count++;
            BodyBytes += data.Length;
        }

        public List<int> EntriesInOrderOfAppearance()
        {
            var order = new List<int>();
            for (int record = 0; record < Count; record++)
            {
                if (_positionOfEntry[EntryNumbers[record]] < 0)
                {
                    _positionOfEntry[EntryNumbers[record]] = order.Count;
                    order.Add(EntryNumbers[record]);
                }
            }

            foreach (int entry in order)
            {
                _positionOfEntry[entry] = -1;
            }

            return order;
        }

        public void Clear()
        {
            Count = 0;
            BodyBytes = 0;
            Array.Clear(Data);
        }
    }
}
