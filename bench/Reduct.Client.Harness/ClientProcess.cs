using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Reduct.Client.Harness;

/// <summary>
/// Runs one client process and speaks the harness protocol with it over stdin and stdout: it announces the end of
/// its warm-up with <see cref="ChildRunner.WarmLine"/>, gets a line back when the server is ready to count, and
/// prints its <see cref="ChildResult"/>. A process that overruns its time is killed with its children.
/// </summary>
internal static class ClientProcess
{
    private const int StderrTailLength = 4000;

    public static async Task<ChildResult> RunAsync(
        ProcessStartInfo startInfo,
        Func<CancellationToken, Task> beforeMeasuredRun,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.StandardOutputEncoding = Encoding.UTF8;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var process = new Process { StartInfo = startInfo };
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(line.Data);
                }
            }
        };

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not start '{startInfo.FileName}': {exception.Message}", exception);
        }

        process.BeginErrorReadLine();
        try
        {
            ChildResult result = await SpeakProtocolAsync(process, beforeMeasuredRun, deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"The client process exited with code {process.ExitCode}.");
            }

            return result;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The client process did not finish within {timeout.TotalSeconds:F0} s and was killed.{Tail(stderr)}");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new InvalidOperationException(exception.Message + Tail(stderr), exception);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<ChildResult> SpeakProtocolAsync(Process process, Func<CancellationToken, Task> beforeMeasuredRun, CancellationToken cancellationToken)
    {
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == ChildRunner.WarmLine)
            {
                await beforeMeasuredRun(cancellationToken);
                await process.StandardInput.WriteLineAsync("go");

                // Nothing more is sent: the end of input lets a Node.js child's event loop finish.
                process.StandardInput.Close();
            }
            else if (line.StartsWith("""{"event":"result""", StringComparison.Ordinal))
            {
                return JsonSerializer.Deserialize(line, HarnessJsonContext.Default.ChildResult)
                    ?? throw new InvalidOperationException("The client process printed an empty result.");
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        throw new InvalidOperationException($"The client process exited with code {process.ExitCode} before printing a result.");
    }

    private static string Tail(StringBuilder stderr)
    {
        string text;
        lock (stderr)
        {
            text = stderr.ToString().Trim();
        }

        if (text.Length == 0)
        {
            return string.Empty;
        }

        return Environment.NewLine + "stderr: " + (text.Length > StderrTailLength ? "..." + text[^StderrTailLength..] : text);
    }
}
