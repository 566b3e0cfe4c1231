using System.Globalization;

namespace Reduct.Client.Harness;

/// <summary>One workload of the harness: what is measured, and the smaller run that warms a client up before it.</summary>
/// <param name="Name">Short name, used on the command line and in the log.</param>
/// <param name="Measured">The records that are timed.</param>
/// <param name="Warmup">
/// Records written first, to another bucket, so that JIT compilation and connection setup are not timed. Each warm-up
/// lasts well over 100 ms: the runtime starts counting calls for optimised recompilation only after that delay, so a
/// shorter one would leave the hot loop to be recompiled during the measured run.
/// </param>
/// <param name="Streamed">
/// Whether each record is streamed in chunks, its body never whole in memory: written from chunks (one request per
/// record), or read into a chunk-sized buffer.
/// </param>
/// <param name="HasTargets">
/// Whether the targets (docs/benchmarks.md) are checked on it. A workload without them is measured for its figures
/// alone: of its comparisons only the writer's ratio to v1 <see cref="Batch"/> is listed with the targets, with no
/// threshold.
/// </param>
/// <param name="Reads">
/// Whether the clients read the records back with a query instead of writing them: the harness writes the measured
/// and the warm-up records once per server, before the first client runs, and every client reads the same ones.
/// </param>
internal sealed record Workload(string Name, WorkloadShape Measured, WorkloadShape Warmup, bool Streamed, bool HasTargets = true, bool Reads = false)
{
    /// <summary>
    /// How many more warm-up records a batching path writes than a path that sends a request per record: enough
    /// requests that the code run once per request is compiled at full optimisation before the measured run.
    /// </summary>
    public const int BatchingWarmupFactor = 10;

    private const int KiB = 1024;
    private const int MiB = 1024 * KiB;

    /// <summary>
    /// The entries of the workload between one entry and 100. A client keeps at most one write request in flight per
    /// entry (the real server hangs when two overlap), so to one entry the writer cannot overlap its requests and over
    /// 100 it nearly always can; over 4 each of its requests in flight (2 by default) needs entries the other is not
    /// writing to.
    /// </summary>
    public const int FewEntries = 4;

    /// <summary>The workloads of the full run.</summary>
    public static IReadOnlyList<Workload> Full { get; } =
    [
        new("small-one-entry", new(100_000, 100, 1), new(2_000, 100, 1), Streamed: false),
        new("small-4-entries", new(100_000, 100, FewEntries), new(2_000, 100, FewEntries), Streamed: false, HasTargets: false),
        new("small-100-entries", new(100_000, 100, 100), new(2_000, 100, 100), Streamed: false),
        new("large", new(1_000, MiB, 1), new(100, MiB, 1), Streamed: false),
        new("huge", new(1, 1024L * MiB, 1), new(1, 256 * MiB, 1), Streamed: true),
        new("read-small-one-entry", new(100_000, 100, 1), new(2_000, 100, 1), Streamed: false, Reads: true),
        new("read-huge", new(1, 1024L * MiB, 1), new(1, 256 * MiB, 1), Streamed: true, Reads: true),
    ];

    /// <summary>The same workloads with small counts, for a quick check that every path still works.</summary>
    public static IReadOnlyList<Workload> Smoke { get; } =
    [
        new("small-one-entry", new(2_000, 100, 1), new(200, 100, 1), Streamed: false),
        new("small-4-entries", new(2_000, 100, FewEntries), new(200, 100, FewEntries), Streamed: false, HasTargets: false),
        new("small-100-entries", new(2_000, 100, 100), new(200, 100, 100), Streamed: false),
        new("large", new(10, 64 * KiB, 1), new(2, 64 * KiB, 1), Streamed: false),
        new("huge", new(1, 16 * MiB, 1), new(1, MiB, 1), Streamed: true),
        new("read-small-one-entry", new(2_000, 100, 1), new(200, 100, 1), Streamed: false, Reads: true),
        new("read-huge", new(1, 16 * MiB, 1), new(1, MiB, 1), Streamed: true, Reads: true),
    ];

    /// <summary>Whether the workload is one of the 100-byte ones the records-per-second targets are about.</summary>
    public bool IsSmallRecords => Measured.RecordSize <= 100;

    /// <summary>
    /// Whether the workload runs against a server of this storage. Writes go to a server that discards bodies (the
    /// comparison of clients) and, for 100-byte records, where its storage costs most per byte, to one in memory.
    /// Reads need the bodies: 100-byte records from memory, a record too large for the harness's memory from a folder.
    /// </summary>
    public bool RunsOn(ServerStorage storage) => storage switch
    {
        ServerStorage.DiscardBodies => !Reads,
        ServerStorage.Memory => Reads ? !Streamed : IsSmallRecords,
        _ => Reads && Streamed,
    };

    /// <summary>Heading of its table in the report, such as "100,000 records of 100 bytes spread over 100 entries".</summary>
    public string Title
    {
        get
        {
            string records = Measured.Records == 1 ? "one record" : string.Create(CultureInfo.InvariantCulture, $"{Measured.Records:N0} records");
            string where = Measured.Entries == 1 ? "to one entry" : string.Create(CultureInfo.InvariantCulture, $"spread over {Measured.Entries} entries");
            if (Reads)
            {
                string from = Measured.Entries == 1 ? "from one entry" : string.Create(CultureInfo.InvariantCulture, $"from {Measured.Entries} entries");
                return Streamed
                    ? $"{records} of {Size(Measured.RecordSize)} read back {from} into a {Size(Measured.ChunkSize)} buffer"
                    : $"{records} of {Size(Measured.RecordSize)} read back {from}";
            }

            return Streamed
                ? $"{records} of {Size(Measured.RecordSize)} streamed from {Size(Measured.ChunkSize)} chunks"
                : $"{records} of {Size(Measured.RecordSize)} {where}";
        }
    }

    /// <summary>The warm-up records for a path: the same number of requests, roughly, whatever the path.</summary>
    public WorkloadShape WarmupFor(ClientPath path) =>
        !Streamed && path is ClientPath.BatchV1 or ClientPath.BatchV2 or ClientPath.Writer or ClientPath.Query
            ? Warmup with { Records = Warmup.Records * BatchingWarmupFactor }
            : Warmup;

    private static string Size(long bytes) => bytes switch
    {
        >= 1024L * MiB when bytes % (1024L * MiB) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024L * MiB)} GiB"),
        >= MiB when bytes % MiB == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / MiB} MiB"),
        >= KiB when bytes % KiB == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / KiB} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
