// Runs the Reduct.Client.Testing reference server as a standalone process, so any client (the
// official JS SDK, curl, a browser) can be pointed at it.
//
//   dotnet run --project samples/ReferenceServer -- --port 8383 --api-token my-token
//       [--data-path DIR] [--api-version 1.21] [--base-path reduct] [--host 127.0.0.1] [--discard-bodies]
//       [--response-delay-ms N]   (every response waits N ms: a slow server, for soak runs)

using System.Globalization;
using System.Runtime.InteropServices;
using Reduct.Client.Testing;

const int UsageExitCode = 2;

ReductTestServerOptions? options;
TimeSpan responseDelay;
try
{
    (options, responseDelay) = ParseArguments(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    Console.Error.WriteLine(Usage);
    return UsageExitCode;
}

if (options is null)
{
    Console.WriteLine(Usage);
    return 0;
}

var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

ReductTestServer server;
try
{
    server = await ReductTestServer.StartAsync(options);
}
catch (ArgumentException exception)
{
    // Values the parser cannot check on its own, such as an unparsable --api-version or --host.
    Console.Error.WriteLine($"error: {exception.Message}");
    Console.Error.WriteLine(Usage);
    return UsageExitCode;
}
catch (IOException exception)
{
    Console.Error.WriteLine($"error: could not start the server: {exception.Message}");
    return 1;
}

await using (server)
{
    if (responseDelay > TimeSpan.Zero)
    {
        server.Faults.DelayResponses(responseDelay, int.MaxValue);
    }

    Console.WriteLine($"Reduct reference server listening on {server.Url}");
    Console.Out.Flush();
    await stopped.Task;
}

return 0;

void Stop(PosixSignalContext context)
{
    // Shut down through DisposeAsync instead of letting the runtime kill the process.
    context.Cancel = true;
    stopped.TrySetResult();
}

static (ReductTestServerOptions? Options, TimeSpan ResponseDelay) ParseArguments(string[] arguments)
{
    var options = new ReductTestServerOptions { Port = 8383 };
    TimeSpan responseDelay = TimeSpan.Zero;
    for (var i = 0; i < arguments.Length; i++)
    {
        var name = arguments[i];
        switch (name)
        {
            case "--help" or "-h":
                return (null, TimeSpan.Zero);
            case "--discard-bodies":
                options.DiscardBodies = true;
                continue;
        }

        if (i + 1 >= arguments.Length)
        {
            throw new ArgumentException($"'{name}' needs a value, or is not an option.");
        }

        var value = arguments[++i];
        switch (name)
        {
            case "--port":
                options.Port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                    ? port
                    : throw new ArgumentException($"--port must be a number from 0 to 65535, got '{value}'.");
                break;
            case "--api-token":
                options.ApiToken = value.Length > 0 ? value : throw new ArgumentException("--api-token must not be empty.");
                break;
            case "--data-path":
                options.DataPath = value;
                break;
            case "--api-version":
                options.ApiVersion = value;
                break;
            case "--base-path":
                options.BasePath = value;
                break;
            case "--host":
                options.Host = value;
                break;
            case "--response-delay-ms":
                responseDelay = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var delay) && delay <= 600_000
                    ? TimeSpan.FromMilliseconds(delay)
                    : throw new ArgumentException($"--response-delay-ms must be a number from 0 to 600000, got '{value}'.");
                break;
            default:
                throw new ArgumentException($"unknown option '{name}'.");
        }
    }

    return (options, responseDelay);
}

internal static partial class Program
{
    private const string Usage =
        "usage: ReferenceServer [--port 8383] [--api-token TOKEN] [--data-path DIR] [--api-version 1.21]\n" +
        "                       [--base-path PATH] [--host 127.0.0.1] [--discard-bodies] [--response-delay-ms N]";
}
