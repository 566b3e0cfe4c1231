using System.Globalization;
using System.Runtime.InteropServices;

namespace Reduct.Client.Harness;

/// <summary>The machine a run was made on, as the report names it.</summary>
internal sealed record MachineDescription(int Cores, string CpuModel, string OperatingSystem, string DotNet, string? LoadAverage)
{
    public static MachineDescription Read() => new(
        Environment.ProcessorCount,
        ReadField("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString(),
        ReadField("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription,
        $".NET {Environment.Version}",
        ReadLoadAverage());

    /// <summary>The 1-minute load average now, or null where the system does not tell it.</summary>
    public static string? ReadLoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Cores} cores ({CpuModel}), {OperatingSystem}, {DotNet}");

    private static string? ReadField(string path, string name, char separator)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            foreach (string line in File.ReadLines(path))
            {
                int split = line.IndexOf(separator, StringComparison.Ordinal);
                if (split > 0 && line[..split].Trim() == name)
                {
                    return line[(split + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
