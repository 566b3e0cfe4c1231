namespace Reduct.Client.Tests.Interop;

/// <summary>Where the interop scripts live, found from the test binaries so any working directory works.</summary>
public static class RepositoryLayout
{
    private const string SolutionFile = "Reduct.Client.sln";

    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder holding <c>Reduct.Client.sln</c>.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The Node project that drives reduct-js.</summary>
    public static string InteropJsDirectory => Path.Combine(RepositoryRoot, "interop", "js");

    /// <summary>The scenario manifest both SDKs check against.</summary>
    public static string ManifestPath => Path.Combine(InteropJsDirectory, "scenarios.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder above {AppContext.BaseDirectory} holds {SolutionFile}; the interop tests run from a build inside the repository.");
    }
}
