using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Raw HTTP helpers for the query tests: creating queries and reading their batches.</summary>
internal static class QueryHttp
{
    /// <summary>POSTs a QueryEntry to an entry (or, with a null entry, to <c>/io/{bucket}/q</c>) and returns the id.</summary>
    public static async Task<ulong> QueryAsync(this HttpClient client, string bucket, string? entry, string json)
    {
        using var response = await client.PostAsync(entry is null ? $"api/v1/io/{bucket}/q" : $"api/v1/b/{bucket}/{entry}/q", json);
        await RawHttp.AssertOkAsync(response);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetUInt64();
    }

    public static Task<HttpResponseMessage> ReadBatchAsync(this HttpClient client, string bucket, string entry, ulong id, bool head = false) =>
        client.SendAsync(new HttpRequestMessage(head ? HttpMethod.Head : HttpMethod.Get, $"api/v1/b/{bucket}/{entry}/batch?q={id}"));

    public static Task<HttpResponseMessage> ReadV2Async(this HttpClient client, string bucket, ulong id, bool head = false)
    {
        var request = new HttpRequestMessage(head ? HttpMethod.Head : HttpMethod.Get, $"api/v1/io/{bucket}/read");
        request.Headers.TryAddWithoutValidation("x-reduct-query-id", id.ToString(CultureInfo.InvariantCulture));
        return client.SendAsync(request);
    }

    /// <summary>The timestamps of a v1 batch, in header order.</summary>
    public static List<ulong> BatchTimestamps(this HttpResponseMessage response) =>
        response.Headers
            .Where(h => h.Key.StartsWith("x-reduct-time-", StringComparison.Ordinal))
            .Select(h => ulong.Parse(h.Key["x-reduct-time-".Length..], CultureInfo.InvariantCulture))
            .ToList();

    /// <summary>Reads v1 batches until the 204 and returns every timestamp.</summary>
    public static async Task<List<ulong>> ReadAllAsync(this HttpClient client, string bucket, string entry, ulong id)
    {
        var all = new List<ulong>();
        while (true)
        {
            using var response = await client.ReadBatchAsync(bucket, entry, id);
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return all;
            }

            await RawHttp.AssertOkAsync(response);
            all.AddRange(response.BatchTimestamps());
        }
    }

    /// <summary>Writes records 1..count (or the given timestamps) with label n = timestamp and a body of <paramref name="size"/> bytes.</summary>
    public static async Task WriteNumberedAsync(this HttpClient client, string bucket, string entry, IEnumerable<ulong> timestamps, int size = 1)
    {
        foreach (var ts in timestamps)
        {
            await client.WriteRecordAsync(bucket, entry, ts, Encoding.ASCII.GetBytes(new string('x', size)), "text/plain",
                new Dictionary<string, string> { ["n"] = ts.ToString(CultureInfo.InvariantCulture) });
        }
    }

    public static IEnumerable<ulong> Range(ulong first, int count) => Enumerable.Range(0, count).Select(i => first + (ulong)i);

    /// <summary>One request over a fresh socket with <c>Connection: close</c>, the response read whole.</summary>
    public static async Task<RawResponse> ExchangeAsync(ReductTestServer server, string head, string body = "")
    {
        using var exchange = await RawSocketExchange.ConnectAsync(server);
        await exchange.SendAsync(head + "Connection: close\r\n\r\n" + body);
        return await exchange.ReadResponseAsync();
    }
}
