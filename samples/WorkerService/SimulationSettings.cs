using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Reduct.Client.Samples.WorkerService;

/// <summary>What the simulation writes and for how long.</summary>
/// <param name="Bucket">The bucket the readings go to.</param>
/// <param name="Sensors">How many sensors, each an entry of its own.</param>
/// <param name="Interval">Time between two readings of every sensor.</param>
/// <param name="Duration">How long to run; null to run until the host stops.</param>
internal sealed record SimulationSettings(string Bucket, int Sensors, TimeSpan Interval, TimeSpan? Duration)
{
    public static SimulationSettings From(IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection("Simulation");
        string? duration = configuration["duration"];
        return new SimulationSettings(
            section["Bucket"] ?? "sensors",
            int.Parse(section["Sensors"] ?? "8", CultureInfo.InvariantCulture),
            TimeSpan.FromMilliseconds(int.Parse(section["IntervalMilliseconds"] ?? "100", CultureInfo.InvariantCulture)),
            duration is null ? null : TimeSpan.FromSeconds(double.Parse(duration, CultureInfo.InvariantCulture)));
    }
}
