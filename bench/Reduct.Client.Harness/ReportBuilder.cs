using System.Globalization;
using System.Text;

namespace Reduct.Client.Harness;

/// <summary>Writes the results as the Markdown section of docs/benchmarks.md: how it was run, one table per workload and server mode, and the targets.</summary>
internal static class ReportBuilder
{
    public const string BeginMarker = "<!-- harness:begin -->";
    public const string EndMarker = "<!-- harness:end -->";

    private const string Dash = "—";
    private const int TableColumns = 16;

    public static string Build(ReportContext context, IReadOnlyList<RunResult> results, IReadOnlyList<TargetCheck> targets)
    {
        var text = new StringBuilder();
        text.AppendLine(BeginMarker);
        text.AppendLine("## End-to-end ingestion: Reduct.Client, raw HttpClient and reduct-js side by side");
        text.AppendLine();
        text.AppendLine("Command:");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(context.Command);
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine(Invariant($"Machine: {context.Machine}; Node.js {context.NodeVersion ?? "(not used)"} with reduct-js 1.20.0; {context.Date:yyyy-MM-dd} (UTC). Load average (1 min) {context.LoadAtStart ?? "?"} at the start and {context.LoadAtEnd ?? "?"} at the end of the run; the harness took {context.Duration.TotalMinutes:N1} min."));
        text.AppendLine();
        AppendMethod(text, context);

        foreach (IGrouping<ServerStorage, RunResult> mode in results.GroupBy(result => result.Run.Server.Storage).OrderBy(mode => mode.Key))
        {
            text.AppendLine(mode.Key switch
            {
                ServerStorage.DiscardBodies => "### Server discards bodies (parses every request, keeps record metadata only)",
                ServerStorage.Memory => "### Server keeps records in memory",
                _ => "### Server keeps records in files of a folder",
            });
            text.AppendLine();
            foreach (IGrouping<Workload, RunResult> table in mode.GroupBy(result => result.Run.Workload))
            {
                AppendTable(text, table.Key, [.. table]);
            }
        }

        text.AppendLine("### Targets");
        text.AppendLine();
        text.AppendLine("| target | case | figures | verdict |");
        text.AppendLine("|---|---|---|---|");
        foreach (TargetCheck check in targets)
        {
            text.AppendLine($"| {check.Target} | {check.Case} | {check.Figures} | {check.Verdict} |");
        }

        text.AppendLine();
        text.AppendLine(EndMarker);
        return text.ToString();
    }

    private static void AppendMethod(StringBuilder text, ReportContext context)
    {
        text.AppendLine(Invariant($"""
            The harness hosts the reference server (`Reduct.Client.Testing`) in its own process and starts every client
            run as a separate process, one after the other, so that each client's memory and CPU time are its own. A
            client process first writes a warm-up set of records to other buckets (connection set-up, JIT compilation;
            ten times as many records for the batching paths, so that they make as many requests): a .NET client repeats
            it, with a quarter-second pause after each round, until a round leaves the JIT quiet (at most
            {ChildRunner.MaxWarmupRounds} rounds), because with dynamic PGO a hot method is recompiled twice after its
            first compilation. It then pauses for a second and reports ready. The harness removes the warm-up buckets, runs a full
            garbage collection in the server and zeroes the server's counters, so that every measured run finds the server
            holding the same records (warm-up records left in place made the server's collections during the measured run
            longer for a client that warmed up longer). Then the measured records are written. The harness log shows what
            the JIT still compiled and how many thread-pool work items ran during each measured run, and the server's
            collections and their pause time. The server checks that it stored every record and read every body byte; a run that lost
            anything is reported as failed. The server also takes overlapping writes as ReductStore 1.20 and 1.21 do: a write request
            to an entry that another write request is still writing to fails with 500 after the lock timeout (here
            {ServerHost.LockTimeout.TotalSeconds:0} s), and so does every later one to that entry; a run in which the server counted such an
            overlap, in the warm-up or the measured run, is reported as failed.
            """));
        text.AppendLine();
        text.AppendLine("""
            - **raw HttpClient**: one `HttpClient` on a pooled `SocketsHttpHandler` with keep-alive, sending hand-built
              requests (no Reduct.Client code): a POST per record with `x-reduct-label-*` headers, v1 batches
              (`x-reduct-time-*`), v2 batches (`x-reduct-entries`, `x-reduct-<index>-<delta>`), and a streamed POST whose
              content writes one 64 KiB buffer until the declared length, one request at a time. It is the floor for the HTTP
              cost of each path.
            - **Reduct.Client**: `Bucket.WriteAsync` per record, `Batch` + `WriteBatchAsync(entry, batch)` against a server
              with API 1.17 (so it goes over batch protocol v1), `RecordBatch` + `WriteBatchAsync(batch)` (v2), the
              `IngestionWriter` with default options, and `WriteAsync` from an `IAsyncEnumerable` of 64 KiB chunks.
            - **reduct-js 1.20.0** on Node.js (`bench/harness-js/bench.mjs`): `beginWrite` per record, `beginWriteBatch`
              (v1; against the API 1.21 server, because reduct-js 1.20 prints a warning on every response of an older
              one), `beginWriteRecordBatch` (v2), and `beginWrite` with a `ReadableStream` of 64 KiB
              chunks (sent chunked with `x-reduct-content-length`). The client is created with `keepAlive: true`: its
              default sends `Connection: close` and opens a connection per request.
            - Every record has the content type `application/octet-stream` and the labels `sensor=temp-01`,
              `unit=celsius`; timestamps are 1 ms apart; record *i* goes to entry `sensor-(i mod entries)`. Every
              batching client sends a batch when it holds 80 records or the next record would take the body over
              8,000,000 bytes (Reduct.Client's defaults); a v1 batch holds one entry, so with 100 entries each client
              keeps one batch per entry.
            """);
        var writerDefaults = new IngestionWriterOptions();
        text.AppendLine(Invariant($"""
            - The writer runs with its default options: a request at {writerDefaults.FlushRecordCount} records or {writerDefaults.FlushBytes:N0} bytes,
              up to {writerDefaults.MaxConcurrentRequests} requests in flight to different entries (never two to one entry), at most {writerDefaults.MaxBufferedRecords:N0} records or {writerDefaults.MaxBufferedBytes / (1024 * 1024)} MiB buffered.
            """));
        text.AppendLine("""
            - Reads (`read-*`): the harness writes the records once per server and every client reads the same bucket,
              after warming up on a smaller one. The raw HttpClient POSTs a v1 query, GETs `/batch?q=` until
              `x-reduct-last: true` and cuts the body by the length of each `x-reduct-time-*` header; Reduct.Client
              enumerates `Bucket.QueryAsync(entry)` (protocol v1); reduct-js `bucket.query(entry)` (protocol v2 from API
              1.18). A 100-byte body is read whole (a `byte[]` per record, `ReadAllBytesAsync`, `record.read()`), a large
              one into one 64 KiB buffer (reduct-js: the record stream's chunks). A read counts only when the client
              received every record and body byte; head bytes are those of its requests.
            """);
        text.AppendLine();
        text.AppendLine(Invariant($"""
            Columns: records/s and MB/s (payload, 10^6 bytes) over the measured run; request-head bytes per record as the
            server parsed them (request line, header lines, blank line); bytes allocated per record in the client process
            (`GC.GetTotalAllocatedBytes`, .NET only); client CPU time (user + system) per record; the server process's
            CPU time per record over the same run (client and server share the machine's cores, so the two together set
            the ceiling of records/s when both are busy); the client's peak
            resident memory (`VmHWM`, reset after the warm-up) and its growth over the resident size at the start of the
            measured run. Ratios are to the raw HttpClient row and the reduct-js row of the same write path (the writer
            is compared with the v2 rows): above 1 means more records/s, or more bytes, CPU or memory. Each row
            is its fastest run: runs with less than {HarnessRunner.RepeatBelow.TotalSeconds:0} s of traffic were made {context.Rounds} times, the
            clients taking turns, longer ones once (against both servers). A target that compares two rows made in at
            least {TargetEvaluator.PairedRoundsForMedian} of the same rounds is judged on the median of the round-by-round ratios (the two runs of a
            round follow each other within seconds, so a slow spell of the shared machine slows both, where the fastest runs
            of two rows may come from different spells); the ratio of the fastest runs is shown next to it. Other targets
            are judged on the fastest runs.
            """));
        text.AppendLine();
    }

    private static void AppendTable(StringBuilder text, Workload workload, IReadOnlyList<RunResult> rows)
    {
        text.AppendLine(Invariant($"#### {workload.Title}"));
        text.AppendLine();
        text.AppendLine("| client | path | API | records/s | MB/s | ×raw / ×js | head B/record | ×raw / ×js | alloc B/record | ×raw | CPU µs/record | ×raw / ×js | server CPU µs/record | peak RSS MiB | ×raw / ×js | RSS growth MiB |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (RunResult row in rows)
        {
            string head = $"| {row.Run.ClientName} | {row.Run.PathName} | {row.Run.Server.ApiVersion} |";
            if (!row.Succeeded)
            {
                text.AppendLine($"{head} failed: {Escape(row.Error)} |{string.Concat(Enumerable.Repeat(" |", TableColumns - 4))}");
                continue;
            }

            RunResult? raw = Counterpart(rows, row, ClientKind.RawHttp);
            RunResult? js = Counterpart(rows, row, ClientKind.ReductJs);
            text.AppendLine(Invariant($"{head} {Rate(row.RecordsPerSecond)} | {row.MegabytesPerSecond:N1} | {Ratios(row, raw, js, r => r.RecordsPerSecond)} | ") +
                Invariant($"{row.HeadBytesPerRecord:N1} | {Ratios(row, raw, js, r => r.HeadBytesPerRecord)} | ") +
                Invariant($"{Figure(row.AllocatedBytesPerRecord, "N0")} | {Ratio(row, raw, r => r.AllocatedBytesPerRecord)} | ") +
                Invariant($"{row.CpuMicrosecondsPerRecord:N1} | {Ratios(row, raw, js, r => r.CpuMicrosecondsPerRecord)} | {row.ServerCpuMicrosecondsPerRecord:N1} | ") +
                Invariant($"{row.PeakRssMiB:N1} | {Ratios(row, raw, js, r => r.PeakRssMiB)} | {row.RssGrowthMiB:N1} |"));
        }

        text.AppendLine();
    }

    /// <summary>Whole records per second, or two decimals for the few-records-per-second rates of large records.</summary>
    private static string Rate(double recordsPerSecond) =>
        recordsPerSecond.ToString(recordsPerSecond < 100 ? "N2" : "N0", CultureInfo.InvariantCulture);

    private static RunResult? Counterpart(IReadOnlyList<RunResult> rows, RunResult row, ClientKind client) =>
        row.Run.Client == client
            ? null
            : rows.FirstOrDefault(other => other.Succeeded && other.Run.Client == client && other.Run.Path == row.Run.ComparedPath);

    private static string Ratios(RunResult row, RunResult? raw, RunResult? js, Func<RunResult, double?> figure) =>
        $"{Ratio(row, raw, figure)} / {Ratio(row, js, figure)}";

    private static string Ratio(RunResult row, RunResult? other, Func<RunResult, double?> figure)
    {
        double? ours = figure(row);
        double? theirs = other is null ? null : figure(other);
        return ours is null || theirs is null or 0 ? Dash : Invariant($"{ours / theirs:N2}");
    }

    private static string Figure(double? value, string format) =>
        value is null ? Dash : value.Value.ToString(format, CultureInfo.InvariantCulture);

    private static string Escape(string? text) =>
        (text ?? "unknown error").ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
