namespace Reduct.Client.Tests.Interop;

/// <summary>One scenario of the manifest: records written with one write API, and the per-record errors expected.</summary>
public sealed class InteropScenario
{
    /// <summary>Unique name, used in every mismatch message.</summary>
    public required string Name { get; init; }

    /// <summary>What the scenario checks.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The write API: <c>single</c>, <c>stream</c>, <c>chunks</c>, <c>batch-v1</c> or <c>record-batch</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The SDKs that write this scenario (<c>js</c>, <c>csharp</c>).</summary>
    public required IReadOnlyList<string> Writers { get; init; }

    /// <summary>Records written one by one before the scenario's own records, to provoke conflicts.</summary>
    public IReadOnlyList<InteropRecord> Existing { get; init; } = [];

    /// <summary>The records written with <see cref="Method"/>.</summary>
    public required IReadOnlyList<InteropRecord> Records { get; init; }

    /// <summary>The per-record errors the write must report, and no others.</summary>
    public IReadOnlyList<InteropError> Errors { get; init; } = [];

    /// <summary>What a reader must find afterwards: the existing records and every record that did not fail.</summary>
    public IEnumerable<InteropRecord> ExpectedStoredRecords()
    {
        var failed = Errors.Select(error => (error.Entry, error.Ts)).ToHashSet();
        return Existing.Concat(Records.Where(record => !failed.Contains((record.Entry, record.Ts))));
    }

    /// <summary>Rejects a scenario the writers could not run as described.</summary>
    public void Validate()
    {
        if (Records.Count == 0)
        {
            throw new InvalidDataException($"Scenario '{Name}' has no records.");
        }

        if (Method == "batch-v1" && Records.Any(record => record.Entry != Records[0].Entry))
        {
            throw new InvalidDataException($"Scenario '{Name}': a v1 batch holds records of one entry only.");
        }

        foreach (var record in Existing.Concat(Records))
        {
            _ = record.Timestamp;
            _ = record.Body.ToBytes();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
