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
    public const double MinimumWriterRatioToV1Batch = 1.5;
    public const double MinimumBatchRatioToBaseline = 0.8;
    public const double MinimumStreamRatioToBaseline = 0.9;
    public const double MaximumStreamGrowthMiB = 32;

    /// <param name="results">Each row's fastest run (the report's rows).</param>
    /// <param name="allRounds">Every run of every round, for the round-by-round ratios.</param>
    public static IReadOnlyList<TargetCheck> Evaluate(IReadOnlyList<RunResult> results, IReadOnlyList<RunResult> allRounds)
    {
        var checks = new List<TargetCheck>();
        foreach (IGrouping<(bool DiscardBodies, Workload Workload), RunResult> table in results
            .GroupBy(result => (result.Run.Server.DiscardBodies, result.Run.Workload)))
        {
            string place = $"{table.Key.Workload.Name}, {table.First().Run.Server.Mode}";
            RunResult? Find(ClientKind client, WritePath path) =>
                table.FirstOrDefault(result => result.Run.Client == client && result.Run.Path == path);

            if (table.Key.Workload.IsSmallRecords)
            {
                foreach (WritePath path in new[] { WritePath.Single, WritePath.BatchV1, WritePath.BatchV2, WritePath.Writer })
                {
                    RunResult? ours = Find(ClientKind.ReductClient, path);
                    RunResult? theirs = Find(ClientKind.ReductJs, ours?.Run.ComparedPath ?? path);
                    checks.Add(Ratio(
                        $"Reduct.Client ≥ {MinimumRatioToReductJs:0.#}× reduct-js records/s (100-byte records)",
                        $"{place}: {ours?.Run.PathName ?? path.ToString()} vs {theirs?.Run.PathName ?? "reduct-js"}",
                        ours, theirs, MinimumRatioToReductJs, allRounds));
                }

                checks.Add(Ratio(
                    $"IngestionWriter ≥ {MinimumWriterRatioToV1Batch:0.#}× v1 Batch records/s (100-byte records)",
                    place, Find(ClientKind.ReductClient, WritePath.Writer), Find(ClientKind.ReductClient, WritePath.BatchV1), MinimumWriterRatioToV1Batch, allRounds));
            }

            if (!table.Key.Workload.Streamed)
            {
                foreach (WritePath path in new[] { WritePath.BatchV1, WritePath.BatchV2 })
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
                RunResult? ours = Find(ClientKind.ReductClient, WritePath.Stream);
                checks.Add(Ratio(
                    $"streamed upload ≥ {MinimumStreamRatioToBaseline:P0} of the raw HttpClient throughput",
                    place, ours, Find(ClientKind.RawHttp, WritePath.Stream), MinimumStreamRatioToBaseline, allRounds));
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

    private static TargetCheck Ratio(string target, string place, RunResult? ours, RunResult? theirs, double minimum, IReadOnlyList<RunResult> allRounds)
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

        double[] paired = PairedRatios(ours.Run, theirs.Run, allRounds);
        if (paired.Length < PairedRoundsForMedian)
        {
            return new TargetCheck(target, place, string.Create(CultureInfo.InvariantCulture, $"{figures} (needs {minimum:N2}×)"), bestRatio >= minimum);
        }

        double median = Median(paired);
        return new TargetCheck(
            target,
            place,
            string.Create(CultureInfo.InvariantCulture,
                $"{figures}; round by round **{median:N2}×** median of {paired.Length} ({paired.Min():N2}–{paired.Max():N2}) (needs {minimum:N2}×)"),
            median >= minimum);
    }

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
