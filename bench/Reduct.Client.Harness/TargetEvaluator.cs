using System.Globalization;

namespace Reduct.Client.Harness;

/// <summary>Checks the performance targets (docs/benchmarks.md) against the figures of one run, case by case.</summary>
internal static class TargetEvaluator
{
    public const double MinimumRatioToReductJs = 2.0;
    public const double MinimumWriterRatioToV1Batch = 1.5;
    public const double MinimumBatchRatioToBaseline = 0.8;
    public const double MinimumStreamRatioToBaseline = 0.9;
    public const double MaximumStreamGrowthMiB = 32;

    public static IReadOnlyList<TargetCheck> Evaluate(IReadOnlyList<RunResult> results)
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
                        ours, theirs, MinimumRatioToReductJs));
                }

                checks.Add(Ratio(
                    $"IngestionWriter ≥ {MinimumWriterRatioToV1Batch:0.#}× v1 Batch records/s (100-byte records)",
                    place, Find(ClientKind.ReductClient, WritePath.Writer), Find(ClientKind.ReductClient, WritePath.BatchV1), MinimumWriterRatioToV1Batch));
            }

            if (!table.Key.Workload.Streamed)
            {
                foreach (WritePath path in new[] { WritePath.BatchV1, WritePath.BatchV2 })
                {
                    RunResult? ours = Find(ClientKind.ReductClient, path);
                    checks.Add(Ratio(
                        $"Batch (v1) and RecordBatch (v2) ≥ {MinimumBatchRatioToBaseline:P0} of the raw HttpClient records/s",
                        $"{place}: {ours?.Run.PathName ?? path.ToString()}",
                        ours, Find(ClientKind.RawHttp, path), MinimumBatchRatioToBaseline));
                }
            }
            else
            {
                RunResult? ours = Find(ClientKind.ReductClient, WritePath.Stream);
                checks.Add(Ratio(
                    $"streamed upload ≥ {MinimumStreamRatioToBaseline:P0} of the raw HttpClient throughput",
                    place, ours, Find(ClientKind.RawHttp, WritePath.Stream), MinimumStreamRatioToBaseline));
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

    private static TargetCheck Ratio(string target, string place, RunResult? ours, RunResult? theirs, double minimum)
    {
        if (ours is not { Succeeded: true } || theirs is not { Succeeded: true })
        {
            return new TargetCheck(target, place, "—", null);
        }

        double ratio = ours.RecordsPerSecond / theirs.RecordsPerSecond;
        string unit = ours.Run.Workload.Streamed ? "MB/s" : "records/s";
        double oursFigure = ours.Run.Workload.Streamed ? ours.MegabytesPerSecond : ours.RecordsPerSecond;
        double theirsFigure = theirs.Run.Workload.Streamed ? theirs.MegabytesPerSecond : theirs.RecordsPerSecond;
        return new TargetCheck(
            target,
            place,
            string.Create(CultureInfo.InvariantCulture, $"{oursFigure:N0} vs {theirsFigure:N0} {unit} = {ratio:N2}× (needs {minimum:N2}×)"),
            ratio >= minimum);
    }
}
