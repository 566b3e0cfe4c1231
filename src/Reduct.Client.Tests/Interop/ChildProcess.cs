using System.ComponentModel;
using System.Diagnostics;

namespace Reduct.Client.Tests.Interop;

/// <summary>Runs a program to completion with a time limit, capturing its output.</summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="fileName"/> and waits for it, killing it (and its children) after <paramref name="timeout"/>.</summary>
    /// <exception cref="Win32Exception">The program was not found.</exception>
    public static async Task<ProcessOutcome> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var variable in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[variable.Key] = variable.Value;
        }

        var command = string.Join(' ', [fileName, .. arguments]);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start '{command}'.");
        process.StandardInput.Close();

        // Both pipes are drained concurrently so a chatty child never blocks on a full pipe.
        Task<string> standardOutput = process.StandardOutput.ReadToEndAsync();
        Task<string> standardError = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return new ProcessOutcome(command, timedOut ? -1 : process.ExitCode, await standardOutput, await standardError, timedOut);
    }
}
