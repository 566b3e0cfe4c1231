namespace Reduct.Client.Diagnostics;

/// <summary>The version of this assembly, reported by the meter and the activity source.</summary>
internal static class AssemblyVersion
{
    public static readonly string? Value = typeof(AssemblyVersion).Assembly.GetName().Version?.ToString();
}
