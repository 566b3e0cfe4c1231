using System.Text;

namespace Reduct.Client.Tests.Resilience;

/// <summary>A server that stops sending in the middle of a batch's bodies fails the query after the no-progress timeout.</summary>
public sealed class QueryStallTests
{
    [Fact]
    public async Task A_batch_whose_body_stops_mid_record_fails_with_a_timeout_instead_of_hanging()
    {
        // The batch announces 15 body bytes (5 + 10) and sends 7, then keeps the connection open and silent.
        await using var server = new TinyHttpServer(head =>
            head.Contains("/api/v1/info", StringComparison.Ordinal) ? TinyHttpServer.Json("""{"version":"1.21.0"}""")
            : head.Contains("POST /api/v1/b/b/e/q", StringComparison.Ordinal) ? TinyHttpServer.Json("""{"id":1}""")
            : "HTTP/1.1 200 OK\r\nx-reduct-api: 1.21\r\nx-reduct-time-1: 5,text/plain\r\nx-reduct-time-2: 10,text/plain\r\n"
                + "x-reduct-last: true\r\nContent-Length: 15\r\n\r\nfirstse");
        using var client = new ReductClient(FastRetry.Options(server.Url, timeout: TimeSpan.FromSeconds(1)));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var bodies = new List<string>();
        ReductException error = await Assert.ThrowsAsync<ReductException>(async () =>
        {
            await foreach (ReductRecord record in client.GetBucket("b").QueryAsync("e", cancellationToken: stop.Token))
            {
                bodies.Add(Encoding.ASCII.GetString(await record.ReadAllBytesAsync(stop.Token)));
            }
        });

        Assert.Equal(ReductException.Timeout, error.Status);
        Assert.Contains("run the query again", error.Message, StringComparison.Ordinal);
        Assert.Equal(["first"], bodies);
        Assert.False(stop.IsCancellationRequested);
    }
}
