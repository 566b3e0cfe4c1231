using Microsoft.Extensions.Hosting;

namespace Reduct.Client.Testing.Hosting;

/// <summary>
/// The lifetime of a server embedded in someone else's process: it neither listens for Ctrl-C and SIGTERM nor
/// keeps the process alive after them. The default console lifetime would take those signals for the server's own
/// host, so that an application embedding it ignored Ctrl-C until its own work ended; the application owns the
/// process, and disposing the server stops it.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
