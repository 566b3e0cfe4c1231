namespace Reduct.Client.Harness;

/// <summary>One case of one target: the figures it compares and whether it holds (null when a figure is missing).</summary>
internal sealed record TargetCheck(string Target, string Case, string Figures, bool? Holds)
{
    /// <summary>
    /// Whether the case has no threshold: its figures are shown with the targets, for a comparison worth following
    /// that no target judges.
    /// </summary>
    public bool IsReportOnly { get; init; }

    public string Verdict => Holds switch
    {
        true => "holds",
        false => "**fails**",
        null when IsReportOnly => "reported (no threshold)",
        null => "not measured",
    };
}
