using System.Text.Json;

namespace Reduct.Client.Tests.Interop;

/// <summary>interop/js/scenarios.json: the scenarios both SDKs write and check, read by the scripts too.</summary>
public sealed class InteropManifest
{
    /// <summary>Writer name of Reduct.Client in the manifest.</summary>
    public const string CSharpWriter = "csharp";

    /// <summary>Writer name of reduct-js in the manifest.</summary>
    public const string JsWriter = "js";

    private static readonly Lazy<InteropManifest> Shared = new(() => Load(RepositoryLayout.ManifestPath));

    /// <summary>The scenarios, in file order.</summary>
    public required IReadOnlyList<InteropScenario> Scenarios { get; init; }

    /// <summary>The repository's manifest, read once.</summary>
    public static InteropManifest Current => Shared.Value;

    /// <summary>Reads and checks a manifest file.</summary>
    public static InteropManifest Load(string path)
    {
        var manifest = JsonSerializer.Deserialize<InteropManifest>(File.ReadAllBytes(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{path} is empty.");
        foreach (var scenario in manifest.Scenarios)
        {
            scenario.Validate();
        }

        return manifest;
    }

    /// <summary>The scenario with this name.</summary>
    public InteropScenario Get(string name) =>
        Scenarios.FirstOrDefault(scenario => scenario.Name == name)
        ?? throw new KeyNotFoundException($"The manifest has no scenario '{name}'.");

    /// <summary>Names of the scenarios <paramref name="writer"/> writes, as theory data.</summary>
    public static TheoryData<string> ScenariosWrittenBy(string writer)
    {
        var names = new TheoryData<string>();
        foreach (var scenario in Current.Scenarios.Where(scenario => scenario.Writers.Contains(writer)))
        {
            names.Add(scenario.Name);
        }

        return names;
    }
}
