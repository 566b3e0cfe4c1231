using System.Diagnostics;
using System.Reflection;

namespace Reduct.Client.Harness;

/// <summary>
/// Knows how to start each client's process: the .NET clients are this program again with
/// <see cref="ClientRunArguments.ChildSwitch"/>, reduct-js is <c>bench/harness-js/bench.mjs</c> on Node.js.
/// </summary>
internal sealed class ClientLauncher
{
    private const string ScriptPath = "bench/harness-js/bench.mjs";
    private static readonly Version MinimumNodeVersion = new(20, 19);

    private readonly string? _nodeScript;

    private ClientLauncher(string? nodeScript, string? nodeVersion)
    {
        _nodeScript = nodeScript;
        NodeVersion = nodeVersion;
    }

    /// <summary>The Node.js version reduct-js runs on, or null when reduct-js is left out.</summary>
    public string? NodeVersion { get; }

    /// <summary>Finds what the clients need; with <paramref name="includeJs"/>, Node.js and the installed reduct-js.</summary>
    /// <exception cref="HarnessSetupException">Node.js, the script or its packages are missing.</exception>
    public static async Task<ClientLauncher> CreateAsync(bool includeJs, CancellationToken cancellationToken)
    {
        if (!includeJs)
        {
            return new ClientLauncher(null, null);
        }

        string script = FindScript() ?? throw new HarnessSetupException(
            $"Cannot find {ScriptPath} above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}. Run the harness from the repository.");
        string packageFolder = Path.GetDirectoryName(script)!;
        if (!File.Exists(Path.Combine(packageFolder, "node_modules", "reduct-js", "package.json")))
        {
            throw new HarnessSetupException(
                $"reduct-js is not installed for the harness. Run: npm ci --prefix {Path.GetRelativePath(Environment.CurrentDirectory, packageFolder)} (or pass --skip-js).");
        }

        string version = await ReadNodeVersionAsync(cancellationToken);
        return new ClientLauncher(script, version);
    }

    public ProcessStartInfo CreateStartInfo(ClientRunArguments run)
    {
        var startInfo = new ProcessStartInfo();
        if (run.Client == ClientKind.ReductJs)
        {
            startInfo.FileName = "node";
            startInfo.ArgumentList.Add(_nodeScript ?? throw new InvalidOperationException("reduct-js runs were not prepared (--skip-js)."));
            startInfo.WorkingDirectory = Path.GetDirectoryName(_nodeScript)!;
        }
        else
        {
            // Under "dotnet run" this program is its own apphost; under "dotnet Harness.dll" the host needs the dll.
            string processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The harness cannot tell its own executable.");
            startInfo.FileName = processPath;
            if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                startInfo.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
            }

            startInfo.ArgumentList.Add(ClientRunArguments.ChildSwitch);
        }

        foreach (string argument in run.ToArguments())
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private static string? FindScript()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (DirectoryInfo? folder = new(start); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, ScriptPath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static async Task<string> ReadNodeVersionAsync(CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        string output;
        try
        {
            using Process process = Process.Start(startInfo) ?? throw new HarnessSetupException("Could not start node.");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            output = (await process.StandardOutput.ReadToEndAsync(timeout.Token)).Trim();
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new HarnessSetupException(
                $"Node.js was not found on PATH. The reduct-js runs need Node.js {MinimumNodeVersion} or newer (apt-get install nodejs npm), or pass --skip-js.");
        }

        if (!Version.TryParse(output.TrimStart('v'), out Version? version) || version < MinimumNodeVersion)
        {
            throw new HarnessSetupException($"reduct-js 1.20.0 needs Node.js {MinimumNodeVersion} or newer; 'node --version' printed '{output}'.");
        }

        return output;
    }
}
