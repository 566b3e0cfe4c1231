namespace Reduct.Client.Harness;

/// <summary>What the report says about the run as a whole.</summary>
internal sealed record ReportContext(
    string Command,
    MachineDescription Machine,
    string? NodeVersion,
    DateTimeOffset Date,
    string? LoadAtStart,
    string? LoadAtEnd,
    TimeSpan Duration,
    int Rounds);
