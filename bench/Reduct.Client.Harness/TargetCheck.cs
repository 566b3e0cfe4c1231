namespace Reduct.Client.Harness;

/// <summary>One case of one target: the figures it compares and whether it holds (null when a figure is missing).</summary>
internal sealed record TargetCheck(string Target, string Case, string Figures, bool? Holds)
{
    public string Verdict => Holds switch
    {
        true => "holds",
        false => "**fails**",
        null => "not measured",
    };
}
