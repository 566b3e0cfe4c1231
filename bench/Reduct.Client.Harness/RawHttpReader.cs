using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Reduct.Client.Harness;

/// <summary>
/// The read baseline: a bare <see cref="HttpClient"/> that creates a v1 query, GETs its batches and reads the bodies,
/// with no Reduct.Client code. It parses of each record header only what it needs to cut the body (timestamp and
/// length), so it is the floor for the HTTP cost of reading.
/// </summary>
internal sealed class RawHttpReader : IWorkloadReader
{
    private const string TimeHeaderPrefix = "x-reduct-time-";
    private const string LastHeader = "x-reduct-last";
    private static readonly byte[] QueryBody = Encoding.UTF8.GetBytes("""{"query_type":"QUERY"}""");

    private readonly HttpClient _http;
    private readonly string _apiBase;

    public RawHttpReader(Uri serverUrl)
    {
        _apiBase = serverUrl.AbsoluteUri.TrimEnd('/') + "/api/v1/";
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<ReadTotals> ReadAsync(string bucket, WorkloadShape shape, CancellationToken cancellationToken)
    {
        string entryUrl = _apiBase + "b/" + bucket + "/" + RecordPattern.EntryName(0);
        string batchUrl = entryUrl + "/batch?q=" + (await CreateQueryAsync(entryUrl + "/q", cancellationToken)).ToString(CultureInfo.InvariantCulture);
        byte[]? chunk = shape.RecordSize > shape.ChunkSize ? new byte[shape.ChunkSize] : null;
        var heads = new List<(ulong Timestamp, long Length)>();
        int records = 0;
        long bytes = 0;
        bool last = false;
        while (!last)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, batchUrl);
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                break;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new HttpRequestException($"GET {batchUrl} answered {(int)response.StatusCode}");
            }

            heads.Clear();
            foreach (KeyValuePair<string, HeaderStringValues> header in response.Headers.NonValidated)
            {
                if (header.Key.StartsWith(TimeHeaderPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    // "x-reduct-time-<ts>: <length>,<content type>[,labels]"
                    string value = header.Value.ToString();
                    int comma = value.IndexOf(',', StringComparison.Ordinal);
                    heads.Add((ulong.Parse(header.Key.AsSpan(TimeHeaderPrefix.Length), CultureInfo.InvariantCulture),
                        long.Parse(comma < 0 ? value : value.AsSpan(0, comma), CultureInfo.InvariantCulture)));
                }
                else if (header.Key.Equals(LastHeader, StringComparison.OrdinalIgnoreCase))
                {
                    last = header.Value.ToString() == "true";
                }
            }

            // The bodies follow in time order, whatever the order of the headers.
            heads.Sort(static (a, b) => a.Timestamp.CompareTo(b.Timestamp));
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
            foreach ((_, long length) in heads)
            {
                bytes += chunk is null ? await ReadWholeAsync(body, length, cancellationToken) : await ReadInChunksAsync(body, length, chunk, cancellationToken);
                records++;
            }
        }

        return new ReadTotals(records, bytes);
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<ulong> CreateQueryAsync(string url, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(QueryBody);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await _http.PostAsync(url, content, cancellationToken);
        response.EnsureSuccessStatusCode();
        using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        return answer.RootElement.GetProperty("id").GetUInt64();
    }

    private static async ValueTask<long> ReadWholeAsync(Stream body, long length, CancellationToken cancellationToken)
    {
        byte[] record = new byte[length];
        await body.ReadExactlyAsync(record, cancellationToken);
        return record.Length;
    }

    private static async ValueTask<long> ReadInChunksAsync(Stream body, long length, byte[] chunk, CancellationToken cancellationToken)
    {
        for (long remaining = length; remaining > 0;)
        {
            int read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, remaining)), cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException($"The batch ended {remaining} bytes before the end of a record.");
            }

            remaining -= read;
        }

        return length;
    }
}
