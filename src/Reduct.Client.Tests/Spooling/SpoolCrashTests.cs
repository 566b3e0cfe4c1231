using System.Diagnostics;
using System.Globalization;
using System.Text;
using Reduct.Client.Testing;
using Xunit.Abstractions;

namespace Reduct.Client.Tests.Spooling;

/// <summary>
/// A child process writes through a writer with a spool and is killed with SIGKILL at random moments, several times,
/// restarted on the same directory each time; at the end every record whose write had returned is stored exactly
/// once, with its body and labels.
/// </summary>
public sealed class SpoolCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 5;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "reduct-crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Every_record_whose_write_returned_is_stored_once_after_repeated_kills()
    {
        await using ReductTestServer server = await ReductTestServer.StartAsync();
        using (var client = new ReductClient(server.Url))
        {
            await client.CreateBucketAsync("crash");
        }

        int seed = Environment.TickCount;
        var random = new Random(seed);
        var acknowledged = new HashSet<long>();
        long next = 0;
        for (int round = 0; round < Kills; round++)
        {
            int killAfter = random.Next(200, 3_000);
            (List<long> written, int exitCode) = await RunChildAsync(["write", server.Url.ToString(), _directory, next.ToString(CultureInfo.InvariantCulture)], killAfter);
            Assert.NotEqual(0, exitCode);
            acknowledged.UnionWith(written);

            // The record after the last one reported may be in the spool or not: the next run starts after it.
            next = (written.Count > 0 ? written[^1] : next) + 2;
            output.WriteLine($"run {round + 1}: killed after {written.Count} acknowledged writes (asked for {killAfter})");
        }

        long beforeDrain = Enumerable.Range(0, 4).Sum(e => (long)server.Storage.GetRecords("crash", $"e-{e}").Count);
        (List<string> lines, int drainExit) = await RunDrainAsync(server);
        Assert.Equal(0, drainExit);
        string summary = Assert.Single(lines, l => l.StartsWith("drained ", StringComparison.Ordinal));
        Assert.StartsWith("drained 0 ", summary, StringComparison.Ordinal);

        int stored = 0;
        foreach (long i in acknowledged)
        {
            StoredRecord? record = server.Storage.FindRecord("crash", $"e-{i % 4}", (ulong)(1_000_000 + i));
            Assert.True(record is not null, $"record {i} was acknowledged and is not stored (seed {seed})");
            Assert.Equal($"record {i}", Encoding.UTF8.GetString(record.ReadData()));
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), record.Labels["i"]);
            Assert.Equal("text/plain", record.ContentType);
            stored++;
        }

        long total = Enumerable.Range(0, 4).Sum(e => (long)server.Storage.GetRecords("crash", $"e-{e}").Count);
        output.WriteLine($"seed {seed}: {Kills} kills, {acknowledged.Count} writes acknowledged, {stored} of them stored, {total} records stored in all ({beforeDrain} before the last run); {summary}");
        Assert.True(total >= acknowledged.Count);
        Assert.True(total <= acknowledged.Count + Kills, "only a record whose write was cut off by a kill may be stored beyond the acknowledged ones");
        Assert.Empty(Directory.EnumerateFiles(_directory, "segment-*"));
    }

    private async Task<(List<string> Lines, int ExitCode)> RunDrainAsync(ReductTestServer server)
    {
        using Process child = Start(["drain", server.Url.ToString(), _directory]);
        var lines = new List<string>();
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        string errors = await child.StandardError.ReadToEndAsync();
        Assert.True(errors.Length == 0, errors);
        return (lines, child.ExitCode);
    }

    private static async Task<(List<long> Written, int ExitCode)> RunChildAsync(string[] arguments, int killAfter)
    {
        using Process child = Start(arguments);
        var written = new List<long>();
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("ok ", StringComparison.Ordinal))
            {
                written.Add(long.Parse(line.AsSpan(3), CultureInfo.InvariantCulture));
                if (written.Count == killAfter)
                {
                    // SIGKILL: no finally block, no flush, no dispose runs in the child.
                    child.Kill(entireProcessTree: true);
                }
            }
        }

        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (written, child.ExitCode);
    }

    private static Process Start(string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "SpoolCrashChild.exe" : "SpoolCrashChild"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The crash test's child did not start.");
    }
}
