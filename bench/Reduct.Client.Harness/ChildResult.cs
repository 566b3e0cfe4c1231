namespace Reduct.Client.Harness;

/// <summary>
/// What a client process reports about its measured run, as one JSON line on stdout. The .NET children and the
/// Node.js script write the same fields; the allocation and GC fields are .NET-only.
/// </summary>
internal sealed class ChildResult
{
    public string Event { get; set; } = "result";

    public int Records { get; set; }

    /// <summary>Body bytes a reading client received (reads only: a write's bytes are counted by the server).</summary>
    public long? BodyBytes { get; set; }

    public double Seconds { get; set; }

    public double CpuSeconds { get; set; }

    public long PeakRssBytes { get; set; }

    public long RssBeforeBytes { get; set; }

    public long? AllocatedBytes { get; set; }

    public int? Gen0Collections { get; set; }

    public int? Gen1Collections { get; set; }

    public int? Gen2Collections { get; set; }

    public string? Runtime { get; set; }

    /// <summary>Methods the JIT compiled during the measured run (.NET only): a warm-up that left work for it shows here.</summary>
    public long? JitCompiledMethods { get; set; }

    /// <summary>Time the JIT spent compiling during the measured run, in milliseconds (.NET only).</summary>
    public double? JitMilliseconds { get; set; }

    /// <summary>Thread-pool work items completed during the measured run (.NET only): each is a wake-up of a worker.</summary>
    public long? ThreadPoolWorkItems { get; set; }

    /// <summary>
    /// Thread-pool threads when the measured run started and when it ended (.NET only): idle workers spin before they
    /// sleep, so on a small machine more of them take CPU from the other process.
    /// </summary>
    public string? ThreadPoolThreads { get; set; }
}
