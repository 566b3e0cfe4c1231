using System.Diagnostics;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>
/// Waits until the reference server has finished with a request the client gave up on. The server may only see
/// the aborted request after the client has already reported the failure, so waiting for "no active request"
/// alone can return before the request even arrived.
/// </summary>
internal static class ServerQuiescence
{
    public static async Task WaitForRequestToFinishAsync(ReductTestServer server, long requestsBefore)
    {
        // A request that never left the client's buffers never arrives: give it a bounded time to show up.
        var clock = Stopwatch.StartNew();
        while (server.Statistics.RequestCount <= requestsBefore && clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            await Task.Delay(10);
        }

        await server.Statistics.WaitForIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
