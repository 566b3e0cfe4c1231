namespace Reduct.Client;

/// <summary>Records an <see cref="IngestionWriter"/> could not store, reported when it was disposed.</summary>
public sealed class IngestionException : Exception
{
    /// <summary>Creates the exception for a list of failed records.</summary>
    public IngestionException(IReadOnlyList<FailedRecord> failures)
        : base($"{failures.Count} record(s) were not stored; the first: {Describe(failures)}")
    {
        Failures = failures;
    }

    /// <summary>Every record that was not stored.</summary>
    public IReadOnlyList<FailedRecord> Failures { get; }

    private static string Describe(IReadOnlyList<FailedRecord> failures) =>
        failures.Count == 0 ? "none" : $"{failures[0].Entry} @ {failures[0].Timestamp}: {failures[0].Error.Message}";
}
