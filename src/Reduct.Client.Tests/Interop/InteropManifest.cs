using System.Text.Json;

namespace Reduct.Client.Tests.Interop;

/// <summary>interop/js/scenarios.json: the scenarios both SDKs write and check, and the queries over them; read by the scripts too.</summary>
public sealed class InteropManifest
{
    /// <summary>Writer (and reader) name of Reduct.Client in the manifest.</summary>
    public const string CSharpWriter = "csharp";

    /// <summary>Writer (and reader) name of reduct-js in the manifest.</summary>
    public const string JsWriter = "js";

    private static readonly Lazy<InteropManifest> Shared = new(() => Load(RepositoryLayout.ManifestPath));

    /// <summary>The scenarios, in file order.</summary>
    public required IReadOnlyList<InteropScenario> Scenarios { get; init; }

    /// <summary>The queries over the scenarios' records, in file order.</summary>
    public IReadOnlyList<InteropQuery> Queries { get; init; } = [];

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

        foreach (var query in manifest.Queries)
        {
            query.Validate(manifest);
        }

        if (manifest.Queries.DistinctBy(query => query.Name).Count() != manifest.Queries.Count)
        {
            throw new InvalidDataException($"{path}: two queries have the same name.");
        }

        return manifest;
    }

    /// <summary>The scenario with this name.</summary>
    public InteropScenario Get(string name) =>
        Scenarios.FirstOrDefault(scenario => scenario.Name == name)
        ?? throw new KeyNotFoundException($"The manifest has no scenario '{name}'.");

    /// <summary>The query with this name.</summary>
    public InteropQuery GetQuery(string name) =>
        Queries.FirstOrDefault(query => query.Name == name)
        ?? throw new KeyNotFoundException($"The manifest has no query '{name}'.");

    /// <summary>Each query with each of its readers that is <paramref name="sdk"/> (<c>js</c>, <c>js@1.17</c>, ...), as theory data.</summary>
    public static TheoryData<string, string> QueriesReadBy(string sdk)
    {
        var cases = new TheoryData<string, string>();
        foreach (var query in Current.Queries)
        {
            foreach (var reader in query.Readers.Where(reader => InteropReader.Parse(reader).Sdk == sdk))
            {
                cases.Add(query.Name, reader);
            }
        }

        return cases;
    }

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
