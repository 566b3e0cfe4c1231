// Runs the Reduct.Client.Testing reference server as a standalone process, so any client (the
// official JS SDK, curl, a browser) can be pointed at it.
//
//   dotnet run --project samples/ReferenceServer -- --port 8383 --api-token my-token
//       [--data-path DIR] [--api-version 1.21] [--base-path reduct] [--host 127.0.0.1] [--discard-bodies]
//       [--response-delay-ms N]   (every response waits N ms: a slow server, for soak runs)
//       [--overlapping-writes count|block]   (a write to an entry that has a write in progress: count = take it
//                                             and count it; block = fail it as ReductStore 1.20/1.21 do, with 500
//                                             after the lock timeout, the entry blocked from then on)
//       [--lock-timeout-s N]      (how long a blocked write waits before its 500, like RS_RWLOCK_TIMEOUT; 60)
//
// Every 30 s, and once more when stopped (Ctrl-C or SIGTERM), it prints a status line with the number of requests
// and of overlapping write requests, one line each, so a log file of the output stays readable.

using System.Globalization;
using System.Runtime.InteropServices;
using Reduct.Client.Testing;

const int UsageExitCode = 2;
var statusInterval = TimeSpan.FromSeconds(30);

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
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Overlapping writes: {OverlappingWritesName(options.OverlappingWrites)} (lock timeout {options.LockTimeout.TotalSeconds:F0} s)"));
    Console.Out.Flush();

    using (var ticks = new PeriodicTimer(statusInterval))
    {
        var reporting = ReportStatusAsync(server.Statistics, ticks);
        await stopped.Task;
        ticks.Dispose();
        await reporting;
    }

    PrintStatus(server.Statistics, "stopped");
}

return 0;

static async Task ReportStatusAsync(ReductTestStatistics statistics, PeriodicTimer ticks)
{
    // WaitForNextTickAsync returns false once the timer is disposed, on stop.
    while (await ticks.WaitForNextTickAsync())
    {
        PrintStatus(statistics, "status");
    }
}

static void PrintStatus(ReductTestStatistics statistics, string label)
{
    // A whole line per report (no carriage returns), flushed at once: readable in a log file while the server runs.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {label}: {statistics.RequestCount} requests, {statistics.OverlappingWriteRequests} overlapping write requests, {statistics.ActiveRequests} active"));
    Console.Out.Flush();
}

static string OverlappingWritesName(OverlappingWriteBehavior behavior) =>
    behavior == OverlappingWriteBehavior.BlockLikeRealServer ? "block" : "count";

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
            case "--overlapping-writes":
                options.OverlappingWrites = value switch
                {
                    "count" => OverlappingWriteBehavior.Count,
                    "block" => OverlappingWriteBehavior.BlockLikeRealServer,
                    _ => throw new ArgumentException($"--overlapping-writes must be 'count' or 'block', got '{value}'."),
                };
                break;
            case "--lock-timeout-s":
                options.LockTimeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var lockTimeout) && lockTimeout <= 86_400
                    ? TimeSpan.FromSeconds(lockTimeout)
                    : throw new ArgumentException($"--lock-timeout-s must be a number of seconds from 0 to 86400, got '{value}'.");
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
        "                       [--base-path PATH] [--host 127.0.0.1] [--discard-bodies] [--response-delay-ms N]\n" +
        "                       [--overlapping-writes count|block] [--lock-timeout-s 60]";
}
