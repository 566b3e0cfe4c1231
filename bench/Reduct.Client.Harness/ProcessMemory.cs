using System.Globalization;

namespace Reduct.Client.Harness;

/// <summary>The resident memory of the current process, from <c>/proc/self/status</c> (Linux).</summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set size (<c>VmHWM</c>), in bytes.</summary>
    public static long PeakResidentBytes() => ReadStatus("VmHWM") ?? Environment.WorkingSet;

    /// <summary>Current resident set size (<c>VmRSS</c>), in bytes.</summary>
    public static long ResidentBytes() => ReadStatus("VmRSS") ?? Environment.WorkingSet;

    /// <summary>
    /// Sets the peak back to the current resident size (Linux 4.0+), so that the next reading covers only what runs
    /// after this call. Returns false where that is not possible; the peak then includes everything before.
    /// </summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? ReadStatus(string field)
    {
        if (!File.Exists("/proc/self/status"))
        {
            return null;
        }

        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                // "VmHWM:     13540 kB"
                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
