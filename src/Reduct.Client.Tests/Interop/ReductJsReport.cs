using System.Text.Json;

namespace Reduct.Client.Tests.Interop;

/// <summary>The JSON a script prints on stdout: what it wrote or checked, and its mismatches.</summary>
public sealed class ReductJsReport
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Per scenario: the errors reduct-js reported (write.mjs) or how many records it checked (verify.mjs).</summary>
    public IReadOnlyList<ScenarioReport> Scenarios { get; init; } = [];

    /// <summary>Per query: the records reduct-js returned and the error it ended with (query.mjs).</summary>
    public IReadOnlyList<QueryResult> Queries { get; init; } = [];

    /// <summary>Every difference the script found.</summary>
    public IReadOnlyList<ReportedMismatch> Mismatches { get; init; } = [];

    /// <summary>The server version reduct-js saw (management.mjs).</summary>
    public string? Version { get; init; }

    /// <summary>The buckets the script created (management.mjs).</summary>
    public IReadOnlyList<string> Buckets { get; init; } = [];

    /// <summary>Parses a script's stdout, failing the test with the output when it is not the expected JSON.</summary>
    public static ReductJsReport Parse(ProcessOutcome outcome)
    {
        try
        {
            return JsonSerializer.Deserialize<ReductJsReport>(outcome.StandardOutput, JsonOptions)
                ?? throw new JsonException("The report is null.");
        }
        catch (JsonException exception)
        {
            Assert.Fail($"The script's stdout is not a report ({exception.Message}).{Environment.NewLine}{outcome.Describe()}");
            throw;
        }
    }

    /// <summary>The part about one scenario.</summary>
    public ScenarioReport For(string scenario) =>
        Scenarios.SingleOrDefault(report => report.Name == scenario)
        ?? throw new KeyNotFoundException($"The report has no scenario '{scenario}'.");

    /// <summary>The part about one query.</summary>
    public QueryResult ForQuery(string query) =>
        Queries.SingleOrDefault(report => report.Name == query)
        ?? throw new KeyNotFoundException($"The report has no query '{query}'.");

    /// <summary>One difference a script found, its values shown as the script shows them (JSON text, or <c>(missing)</c>).</summary>
    /// <param name="Scenario">The scenario or query.</param>
    /// <param name="Subject">The record (<c>entry@ts</c>), entry or <c>query</c> it concerns.</param>
    /// <param name="Field">What differs.</param>
    /// <param name="Expected">The manifest's value.</param>
    /// <param name="Actual">reduct-js's value.</param>
    public sealed record ReportedMismatch(string Scenario, string Subject, string Field, string Expected, string Actual);

    /// <summary>What a script reports about one scenario.</summary>
    public sealed class ScenarioReport
    {
        /// <summary>The scenario's name.</summary>
        public required string Name { get; init; }

        /// <summary>Per-record errors reduct-js reported while writing.</summary>
        public IReadOnlyList<InteropError> Errors { get; init; } = [];

        /// <summary>Records reduct-js read back and compared.</summary>
        public int Checked { get; init; }
    }
}
