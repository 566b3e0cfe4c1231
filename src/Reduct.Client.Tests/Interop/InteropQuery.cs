using System.Globalization;

namespace Reduct.Client.Tests.Interop;

/// <summary>
/// A query of the manifest over the records of one scenario, and what it must return: the keys
/// (<c>entry@ts</c>) of the expected records, in each entry's order, and the error it must end with, if any.
/// </summary>
public sealed class InteropQuery
{
    /// <summary>Unique name, used in every mismatch message.</summary>
    public required string Name { get; init; }

    /// <summary>What the query checks.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The scenario whose records the query reads.</summary>
    public required string Scenario { get; init; }

    /// <summary>One entry (a query on one entry), or null when <see cref="Entries"/> is set.</summary>
    public string? Entry { get; init; }

    /// <summary>Entry names and <c>prefix*</c> patterns (a query over several entries), or null when <see cref="Entry"/> is set.</summary>
    public IReadOnlyList<string>? Entries { get; init; }

    /// <summary>The first timestamp, inclusive, as a decimal string; null for none.</summary>
    public string? Start { get; init; }

    /// <summary>The timestamp to stop before, as a decimal string; null for none.</summary>
    public string? Stop { get; init; }

    /// <summary>Condition, strict, metadata only, continuous, TTL.</summary>
    public InteropQueryOptions Options { get; init; } = new();

    /// <summary>Records the reader writes while a continuous query runs, once the stored records have arrived.</summary>
    public IReadOnlyList<InteropRecord> After { get; init; } = [];

    /// <summary>Who runs the query, and against which server version (<see cref="InteropReader"/>).</summary>
    public required IReadOnlyList<string> Readers { get; init; }

    /// <summary>The keys of the records the query returns, each entry's in time order.</summary>
    public required IReadOnlyList<string> Expected { get; init; }

    /// <summary>The error the query ends with after its records, or null when it ends normally.</summary>
    public InteropQueryError? Error { get; init; }

    /// <summary>The start as the client takes it.</summary>
    public ReductTimestamp? StartTimestamp => ParseTimestamp(Start);

    /// <summary>The stop as the client takes it.</summary>
    public ReductTimestamp? StopTimestamp => ParseTimestamp(Stop);

    /// <summary>How many expected records exist before the query starts (the rest are <see cref="After"/>).</summary>
    public int StoredBefore => Expected.Count - After.Count;

    /// <summary>The expected records, in the order of <see cref="Expected"/>: stored by the scenario, or written after the query started.</summary>
    public IReadOnlyList<InteropRecord> ExpectedRecords(InteropScenario scenario)
    {
        var known = scenario.ExpectedStoredRecords().Concat(After).ToDictionary(record => record.ToString());
        return Expected.Select(key => known.TryGetValue(key, out var record)
            ? record
            : throw new InvalidDataException($"Query '{Name}': expected record {key} is neither stored by scenario '{scenario.Name}' nor written after the query started.")).ToList();
    }

    /// <summary>Rejects a query that cannot run as described against its scenario.</summary>
    public void Validate(InteropManifest manifest)
    {
        var scenario = manifest.Scenarios.FirstOrDefault(candidate => candidate.Name == Scenario)
            ?? throw new InvalidDataException($"Query '{Name}': unknown scenario '{Scenario}'.");
        if ((Entry is null) == (Entries is null) || Entries is { Count: 0 })
        {
            throw new InvalidDataException($"Query '{Name}': give either 'entry' or a non-empty 'entries'.");
        }

        _ = StartTimestamp;
        _ = StopTimestamp;
        var expected = ExpectedRecords(scenario);
        if (expected.Select(record => record.ToString()).Distinct().Count() != expected.Count)
        {
            throw new InvalidDataException($"Query '{Name}': an expected record is listed twice.");
        }

        if (expected.GroupBy(record => record.Entry).Any(entry => !entry.Select(record => record.Timestamp).SequenceEqual(entry.Select(record => record.Timestamp).Order())))
        {
            throw new InvalidDataException($"Query '{Name}': list each entry's expected records in time order.");
        }

        ValidateContinuous(scenario);
        foreach (var reader in Readers.Select(InteropReader.Parse))
        {
            ValidateReader(scenario, reader);
        }
    }

    private void ValidateContinuous(InteropScenario scenario)
    {
        if (Options.Continuous != (After.Count > 0))
        {
            throw new InvalidDataException($"Query '{Name}': a continuous query writes 'after' records, and only a continuous one does.");
        }

        var stored = scenario.ExpectedStoredRecords().Select(record => record.ToString()).ToHashSet();
        if (After.Any(record => stored.Contains(record.ToString()) || !Expected.Contains(record.ToString())))
        {
            throw new InvalidDataException($"Query '{Name}': each 'after' record is new to the scenario and expected.");
        }

        if (Options.Continuous && StoredBefore == 0)
        {
            throw new InvalidDataException($"Query '{Name}': a continuous query needs a stored record to arrive before the 'after' records are written.");
        }
    }

    private void ValidateReader(InteropScenario scenario, InteropReader reader)
    {
        if (!scenario.Writers.Contains(reader.Writer))
        {
            throw new InvalidDataException($"Query '{Name}': reader '{reader}' queries what {reader.Writer} wrote, but scenario '{scenario.Name}' does not list that writer.");
        }

        if (reader.IsBefore("1.18") && (scenario.Method is "record-batch" or "writer"))
        {
            throw new InvalidDataException($"Query '{Name}': reader '{reader}' runs on a server without batch protocol v2, which scenario '{scenario.Name}' writes with.");
        }

        if (reader.IsBefore("1.18") && reader.Sdk == InteropManifest.JsWriter && Entry is null)
        {
            throw new InvalidDataException($"Query '{Name}': reduct-js queries several entries only with protocol v2 (API 1.18+), not as '{reader}'.");
        }

        if (reader.IsBefore("1.19") && scenario.Existing.Concat(scenario.Records).Concat(After).Any(record => record.Entry.Contains('/', StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"Query '{Name}': reader '{reader}' runs on a server without hierarchical entry names.");
        }
    }

    private static ReductTimestamp? ParseTimestamp(string? text) =>
        text is null ? (ReductTimestamp?)null : new ReductTimestamp(ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public override string ToString() => Name;
}
