using Microsoft.Net.Http.Headers;
using Reduct.Client.Testing.Hosting;

namespace Reduct.Client.Testing.Http;

/// <summary>
/// The real write handlers read and discard the body before answering an early error when the
/// client did not send <c>Expect</c>, so the client can finish its upload and read the status.
/// With <c>Expect: 100-continue</c> they answer at once and the body is never sent.
/// </summary>
internal static class EarlyErrorDrain
{
    public static async Task DrainUnlessExpectAsync(ServerContext server, HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(HeaderNames.Expect))
        {
            return;
        }

        using var reader = server.OpenDrainBody(context);
        await reader.DrainAsync().ConfigureAwait(false);
    }
}
