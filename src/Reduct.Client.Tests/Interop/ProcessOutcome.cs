using System.Text;

namespace Reduct.Client.Tests.Interop;

/// <summary>How a child process ended and what it printed.</summary>
/// <param name="Command">The command line, without secrets (the token travels in the environment).</param>
/// <param name="ExitCode">The exit code; meaningless when <paramref name="TimedOut"/>.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
/// <param name="TimedOut">Whether the process was killed for running too long.</param>
public sealed record ProcessOutcome(string Command, int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    /// <summary>Whether the process finished by itself with exit code 0.</summary>
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>The command and its whole output, for assertion messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("$ ").AppendLine(Command);
        text.AppendLine(TimedOut ? "(killed: timed out)" : $"(exit code {ExitCode})");
        text.AppendLine("--- stdout ---").AppendLine(StandardOutput.TrimEnd());
        text.AppendLine("--- stderr ---").AppendLine(StandardError.TrimEnd());
        return text.ToString();
    }

    /// <summary>Fails the test, showing the output, unless the process succeeded.</summary>
    public void AssertSucceeded(string what)
    {
        if (!Succeeded)
        {
            Assert.Fail($"{what} failed.{Environment.NewLine}{Describe()}");
        }
    }
}
