namespace Reduct.Client.Tests.Interop;

/// <summary>Runs the scripts in interop/js against one server.</summary>
/// <param name="serverUrl">The server's base URL.</param>
/// <param name="apiToken">A full-access token; passed in the environment so it never shows in assertion messages.</param>
public sealed class ReductJsScripts(Uri serverUrl, string apiToken)
{
    /// <summary>How long one script may run: ample for a few requests, yet a hung script cannot stall the run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>node &lt;script&gt; --url &lt;server&gt; --bucket &lt;bucket&gt; &lt;arguments&gt;</c> in interop/js.</summary>
    public Task<ProcessOutcome> RunAsync(string script, string bucket, params string[] arguments) =>
        ChildProcess.RunAsync(
            NodeEnvironment.NodeExecutable,
            [script, "--url", serverUrl.ToString(), "--bucket", bucket, .. arguments],
            RepositoryLayout.InteropJsDirectory,
            new Dictionary<string, string> { ["REDUCT_API_TOKEN"] = apiToken },
            Timeout);
}
