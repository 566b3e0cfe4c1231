namespace Reduct.Client.Harness;

/// <summary>The outcome of one client process: what it measured and what the server saw, or why it failed.</summary>
internal sealed record RunResult(PlannedRun Run, ChildResult? Child, ServerTraffic? Traffic, string? Error)
{
    private const double MiB = 1024 * 1024;

    /// <summary>The round the run was made in (1 for a row made once).</summary>
    public int Round { get; init; } = 1;

    public bool Succeeded => Error is null && Child is not null && Traffic is not null;

    public double RecordsPerSecond => Child!.Records / Child.Seconds;

    /// <summary>Payload megabytes (10^6 bytes) per second.</summary>
    public double MegabytesPerSecond => Run.Workload.Measured.TotalBytes / Child!.Seconds / 1e6;

    public double HeadBytesPerRecord => Traffic!.HeadBytes / (double)Child!.Records;

    public double? AllocatedBytesPerRecord => Child!.AllocatedBytes / (double?)Child.Records;

    public double CpuMicrosecondsPerRecord => Child!.CpuSeconds * 1e6 / Child.Records;

    /// <summary>The server's CPU time per record: with the client's, what one record costs the machine.</summary>
    public double ServerCpuMicrosecondsPerRecord => Traffic!.CpuSeconds * 1e6 / Child!.Records;

    public double PeakRssMiB => Child!.PeakRssBytes / MiB;

    /// <summary>How far the resident size rose during the measured run above where it started.</summary>
    public double RssGrowthMiB => Math.Max(0, Child!.PeakRssBytes - Child.RssBeforeBytes) / MiB;
}
