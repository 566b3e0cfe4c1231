using System.Globalization;

namespace Reduct.Client.Harness;

/// <summary>Checks the performance targets (docs/benchmarks.md) against the figures of one run, case by case.</summary>
/// <remarks>
/// A ratio compares two rows. When both rows were made in at least <see cref="PairedRoundsForMedian"/> of the same
/// rounds, the verdict rests on the median of the round-by-round ratios: the two runs of a round follow each other
/// within seconds, so a slow spell of the machine (which moves a single run's records/s by a fifth and more on two
/// shared cores) slows both, where the fastest runs of two rows may come from different spells. Otherwise (rows
/// longer than a few seconds are made once) it rests on the ratio of the rows' fastest runs. The figures show both.
/// </remarks>
internal static class TargetEvaluator
{
    /// <summary>The fewest rounds with both rows for the verdict to rest on their median ratio.</summary>
    public const int PairedRoundsForMedian = 3;

    public const double MinimumRatioToReductJs = 2.0;

    /// <summary>
    /// To one entry the writer keeps one request in flight, as a loop of v1 <see cref="Batch"/> calls does (the real
    /// server hangs when two writes to one entry overlap), so it has to keep up with that loop, not outrun it.
    /// </summary>
    public const double MinimumWriterRatioToV1BatchOnOneEntry = 1.0;

    /// <summary>Over many entries the writer's requests to different entries overlap, which a v1 Batch loop cannot do.</summary>
    public const double MinimumWriterRatioToV1BatchOverManyEntries = 1.5;

    public const double MinimumBatchRatioToBaseline = 0.8;
    public const double MinimumStreamRatioToBaseline = 0.9;
    public const double MinimumQueryRatioToBaseline = 0.8;
    public const double MaximumStreamGrowthMiB = 32;

    /// <param name="results">Each row's fastest run (the report's rows).</param>
    /// <param name="allRounds">Every run of every round, for the round-by-round ratios.</param>
    public static IReadOnlyList<TargetCheck> Evaluate(IReadOnlyList<RunResult> results, IReadOnlyList<RunResult> allRounds)
    {
        var checks = new List<TargetCheck>();
        foreach (IGrouping<(ServerStorage Storage, Workload Workload), RunResult> table in results
            .GroupBy(result => (result.Run.Server.Storage, result.Run.Workload)))
        {
            Workload workload = table.Key.Workload;
            string place = $"{workload.Name}, {table.First().Run.Server.Mode}";
            RunResult? Find(ClientKind client, ClientPath path) =>
                table.FirstOrDefault(result => result.Run.Client == client && result.Run.Path == path);

            if (workload.Reads)
            {
                AddReadChecks(checks, workload, place, Find(ClientKind.ReductClient, ClientPath.Query), Find(ClientKind.RawHttp, ClientPath.Query),
                    Find(ClientKind.ReductJs, ClientPath.Query), allRounds);
                continue;
            }

            if (workload.IsSmallRecords && workload.HasTargets)
            {
                foreach (ClientPath path in new[] { ClientPath.Single, ClientPath.BatchV1, ClientPath.BatchV2, ClientPath.Writer })
                {
                    RunResult? ours = Find(ClientKind.ReductClient, path);
                    RunResult? theirs = Find(ClientKind.ReductJs, ours?.Run.ComparedPath ?? path);
                    checks.Add(Ratio(
                        $"Reduct.Client ≥ {MinimumRatioToReductJs:0.#}× reduct-js records/s (100-byte records)",
                        $"{place}: {ours?.Run.PathName ?? path.ToString()} vs {theirs?.Run.PathName ?? "reduct-js"}",
                        ours, theirs, MinimumRatioToReductJs, allRounds));
                }
            }

            if (workload.IsSmallRecords)
            {
                double? minimum = MinimumWriterRatioToV1Batch(workload);
                string entries = workload.Measured.Entries == 1 ? "one entry" : $"{workload.Measured.Entries} entries";
                string target = minimum is double least
                    ? string.Create(CultureInfo.InvariantCulture, $"IngestionWriter ≥ {least:0.0}× v1 Batch records/s (100-byte records, {entries})")
                    : $"IngestionWriter / v1 Batch records/s (100-byte records, {entries})";
                checks.Add(Ratio(target, place, Find(ClientKind.ReductClient, ClientPath.Writer), Find(ClientKind.ReductClient, ClientPath.BatchV1), minimum, allRounds));
            }

            if (!workload.HasTargets)
            {
                continue;
            }

            if (!workload.Streamed)
            {
                foreach (ClientPath path in new[] { ClientPath.BatchV1, ClientPath.BatchV2 })
                {
                    RunResult? ours = Find(ClientKind.ReductClient, path);
                    checks.Add(Ratio(
                        $"Batch (v1) and RecordBatch (v2) ≥ {MinimumBatchRatioToBaseline:P0} of the raw HttpClient records/s",
                        $"{place}: {ours?.Run.PathName ?? path.ToString()}",
                        ours, Find(ClientKind.RawHttp, path), MinimumBatchRatioToBaseline, allRounds));
                }
            }
            else
            {
                RunResult? ours = Find(ClientKind.ReductClient, ClientPath.Stream);
                checks.Add(Ratio(
                    $"streamed upload ≥ {MinimumStreamRatioToBaseline:P0} of the raw HttpClient throughput",
                    place, ours, Find(ClientKind.RawHttp, ClientPath.Stream), MinimumStreamRatioToBaseline, allRounds));
                checks.Add(ours is { Succeeded: true }
                    ? new TargetCheck(
                        $"streamed upload: client peak memory growth ≤ {MaximumStreamGrowthMiB:0} MiB",
                        place,
                        string.Create(CultureInfo.InvariantCulture, $"{ours.RssGrowthMiB:N1} MiB (peak RSS {ours.PeakRssMiB:N1} MiB)"),
                        ours.RssGrowthMiB <= MaximumStreamGrowthMiB)
                    : new TargetCheck($"streamed upload: client peak memory growth ≤ {MaximumStreamGrowthMiB:0} MiB", place, "—", null));
            }
        }

        return checks;
    }

    /// <summary>
    /// Reading back: 100-byte records at ≥ 2× reduct-js and ≥ 80 % of the raw client's records/s; a record too large for
    /// memory with the client's memory growth within <see cref="MaximumStreamGrowthMiB"/> (its speed only reported).
    /// </summary>
    private static void AddReadChecks(List<TargetCheck> checks, Workload workload, string place, RunResult? ours, RunResult? raw, RunResult? js,
        IReadOnlyList<RunResult> allRounds)
    {
        if (!workload.Streamed)
        {
            checks.Add(Ratio($"QueryAsync ≥ {MinimumRatioToReductJs:0.#}× reduct-js records/s (100-byte records)", place, ours, js, MinimumRatioToReductJs, allRounds));
            checks.Add(Ratio($"QueryAsync ≥ {MinimumQueryRatioToBaseline:P0} of the raw HttpClient records/s (100-byte records)", place, ours, raw,
                MinimumQueryRatioToBaseline, allRounds));
            return;
        }

        checks.Add(Ratio("QueryAsync of a large record / raw HttpClient throughput", place, ours, raw, minimum: null, allRounds));
        string target = $"QueryAsync of a large record: client peak memory growth ≤ {MaximumStreamGrowthMiB:0} MiB";
        checks.Add(ours is { Succeeded: true }
            ? new TargetCheck(target, place,
                string.Create(CultureInfo.InvariantCulture, $"{ours.RssGrowthMiB:N1} MiB (peak RSS {ours.PeakRssMiB:N1} MiB)"),
                ours.RssGrowthMiB <= MaximumStreamGrowthMiB)
            : new TargetCheck(target, place, "—", null));
    }

    /// <summary>
    /// The least ratio of the writer's records/s to a v1 Batch loop's on a workload, or null when the ratio is only
    /// reported (a workload without targets).
    /// </summary>
    private static double? MinimumWriterRatioToV1Batch(Workload workload) =>
        !workload.HasTargets ? null
        : workload.Measured.Entries == 1 ? MinimumWriterRatioToV1BatchOnOneEntry
        : MinimumWriterRatioToV1BatchOverManyEntries;

    /// <param name="minimum">The least ratio for the case to hold; null for a case that is only reported.</param>
    private static TargetCheck Ratio(string target, string place, RunResult? ours, RunResult? theirs, double? minimum, IReadOnlyList<RunResult> allRounds)
    {
        if (ours is not { Succeeded: true } || theirs is not { Succeeded: true })
        {
            return new TargetCheck(target, place, "—", null);
        }

        double bestRatio = ours.RecordsPerSecond / theirs.RecordsPerSecond;
        string unit = ours.Run.Workload.Streamed ? "MB/s" : "records/s";
        double oursFigure = ours.Run.Workload.Streamed ? ours.MegabytesPerSecond : ours.RecordsPerSecond;
        double theirsFigure = theirs.Run.Workload.Streamed ? theirs.MegabytesPerSecond : theirs.RecordsPerSecond;
        string figures = string.Create(CultureInfo.InvariantCulture, $"fastest runs {oursFigure:N0} vs {theirsFigure:N0} {unit} = {bestRatio:N2}×");

        string needs = minimum is double least ? string.Create(CultureInfo.InvariantCulture, $" (needs {least:N2}×)") : string.Empty;
        double[] paired = PairedRatios(ours.Run, theirs.Run, allRounds);
        if (paired.Length < PairedRoundsForMedian)
        {
            return new TargetCheck(target, place, figures + needs, Holds(bestRatio, minimum)) { IsReportOnly = minimum is null };
        }

        double median = Median(paired);
        return new TargetCheck(
            target,
            place,
            string.Create(CultureInfo.InvariantCulture,
                $"{figures}; round by round **{median:N2}×** median of {paired.Length} ({paired.Min():N2}–{paired.Max():N2}){needs}"),
            Holds(median, minimum))
        {
            IsReportOnly = minimum is null,
        };
    }

    /// <summary>Whether a ratio reaches its minimum; null when the case has none.</summary>
    private static bool? Holds(double ratio, double? minimum) => minimum is double least ? ratio >= least : null;

    /// <summary>Ours over theirs in each round in which both rows ran and succeeded.</summary>
    private static double[] PairedRatios(PlannedRun ours, PlannedRun theirs, IReadOnlyList<RunResult> allRounds)
    {
        Dictionary<int, RunResult> theirsByRound = allRounds
            .Where(result => result.Run == theirs && result.Succeeded)
            .ToDictionary(result => result.Round);
        return [.. allRounds
            .Where(result => result.Run == ours && result.Succeeded && theirsByRound.ContainsKey(result.Round))
            .Select(result => result.RecordsPerSecond / theirsByRound[result.Round].RecordsPerSecond)];
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
