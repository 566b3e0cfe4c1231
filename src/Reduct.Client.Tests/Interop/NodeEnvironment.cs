using System.ComponentModel;
using System.Text.Json;

namespace Reduct.Client.Tests.Interop;

/// <summary>
/// Makes sure Node and the pinned reduct-js are available before any script runs: checks the Node
/// version, and runs <c>npm ci</c> in interop/js once when its node_modules is missing or stale.
/// </summary>
public static class NodeEnvironment
{
    /// <summary>The reduct-js version the lock file pins; a different installed version means node_modules is stale.</summary>
    public const string PinnedReductJsVersion = "1.20.0";

    // reduct-js 1.20.0 declares "engines": {"node": ">=20.19.0"}.
    private static readonly Version MinimumNodeVersion = new(20, 19, 0);

    private static readonly TimeSpan VersionCheckTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly SemaphoreSlim PrepareLock = new(1, 1);
    private static bool _prepared;

    /// <summary>What the tests need, said where a missing tool makes them fail.</summary>
    public static string Requirement =>
        $"The interop tests need Node.js {MinimumNodeVersion} or newer and npm on PATH (they drive the official JS SDK, reduct-js, from {RepositoryLayout.InteropJsDirectory}).";

    /// <summary>The name to start Node with.</summary>
    public static string NodeExecutable => "node";

    private static string NpmExecutable => OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    /// <summary>Checks Node and installs the locked packages if needed; runs once per test process.</summary>
    /// <exception cref="InvalidOperationException">Node or npm is missing or too old, or the install failed.</exception>
    public static async Task PrepareAsync()
    {
        await PrepareLock.WaitAsync();
        try
        {
            if (_prepared)
            {
                return;
            }

            await CheckNodeVersionAsync();
            if (InstalledReductJsVersion() != PinnedReductJsVersion)
            {
                await InstallPackagesAsync();
                var installed = InstalledReductJsVersion();
                if (installed != PinnedReductJsVersion)
                {
                    throw new InvalidOperationException(
                        $"npm ci finished but node_modules holds reduct-js {installed ?? "(none)"}, not {PinnedReductJsVersion}; check interop/js/package-lock.json.");
                }
            }

            _prepared = true;
        }
        finally
        {
            PrepareLock.Release();
        }
    }

    private static async Task CheckNodeVersionAsync()
    {
        ProcessOutcome outcome;
        try
        {
            outcome = await ChildProcess.RunAsync(NodeExecutable, ["--version"], RepositoryLayout.InteropJsDirectory, null, VersionCheckTimeout);
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"{Requirement} Starting 'node' failed: {exception.Message}", exception);
        }

        var printed = outcome.StandardOutput.Trim();
        if (!outcome.Succeeded || !printed.StartsWith('v') || !Version.TryParse(printed[1..], out var version))
        {
            throw new InvalidOperationException($"{Requirement} 'node --version' did not work:{Environment.NewLine}{outcome.Describe()}");
        }

        if (version < MinimumNodeVersion)
        {
            throw new InvalidOperationException($"{Requirement} Found Node {printed}.");
        }
    }

    private static async Task InstallPackagesAsync()
    {
        ProcessOutcome outcome;
        try
        {
            outcome = await ChildProcess.RunAsync(
                NpmExecutable,
                ["ci", "--no-audit", "--no-fund"],
                RepositoryLayout.InteropJsDirectory,
                new Dictionary<string, string> { ["NO_UPDATE_NOTIFIER"] = "1" },
                InstallTimeout);
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"{Requirement} Starting 'npm' failed: {exception.Message}", exception);
        }

        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException($"{Requirement} 'npm ci' in interop/js failed:{Environment.NewLine}{outcome.Describe()}");
        }
    }

    private static string? InstalledReductJsVersion()
    {
        var packageFile = Path.Combine(RepositoryLayout.InteropJsDirectory, "node_modules", "reduct-js", "package.json");
        if (!File.Exists(packageFile))
        {
            return null;
        }

        using var package = JsonDocument.Parse(File.ReadAllBytes(packageFile));
        return package.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
    }
}
