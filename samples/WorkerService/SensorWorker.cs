using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Reduct.Client.Samples.WorkerService;

/// <summary>
/// Reads every simulated sensor at each tick and writes the readings of all sensors in one batch: one request
/// per tick, however many sensors there are. Failed records are logged with their reason and make the process
/// exit with code 1.
/// </summary>
internal sealed partial class SensorWorker(
    ReductClient client,
    SimulationSettings settings,
    IHostApplicationLifetime lifetime,
    ILogger<SensorWorker> logger) : BackgroundService
{
    private static readonly Labels ReadingLabels = new() { ["unit"] = "celsius", ["site"] = "lab" };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var runFor = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        if (settings.Duration is { } duration)
        {
            runFor.CancelAfter(duration);
        }

        long written = 0;
        long failed = 0;
        try
        {
            Bucket bucket = await client.CreateBucketAsync(settings.Bucket, existOk: true, cancellationToken: stoppingToken);
            LogStarted(logger, settings.Sensors, bucket.Name, client.Url, settings.Interval.TotalMilliseconds);

            var random = new Random(42);
            double[] temperatures = [.. Enumerable.Range(0, settings.Sensors).Select(i => 20.0 + i)];
            var batch = new RecordBatch();
            using var timer = new PeriodicTimer(settings.Interval);
            while (await timer.WaitForNextTickAsync(runFor.Token))
            {
                ReductTimestamp now = ReductTimestamp.Now;
                batch.Clear();
                for (int sensor = 0; sensor < temperatures.Length; sensor++)
                {
                    // A random walk, so the data looks like a slowly drifting temperature.
                    temperatures[sensor] += (random.NextDouble() - 0.5) * 0.1;
                    string reading = string.Create(CultureInfo.InvariantCulture, $"{{\"celsius\":{temperatures[sensor]:0.000}}}");
                    batch.Add($"temperature/sensor-{sensor}", now, Encoding.UTF8.GetBytes(reading), "application/json", ReadingLabels);
                }

                IReadOnlyDictionary<RecordKey, ReductException> errors = await bucket.WriteBatchAsync(batch, stoppingToken);
                written += batch.Count - errors.Count;
                failed += errors.Count;
                foreach ((RecordKey key, ReductException error) in errors)
                {
                    LogRecordFailed(logger, key.Entry, key.Timestamp.Microseconds, error.Status, error.ServerMessage);
                }
            }
        }
        catch (OperationCanceledException) when (runFor.IsCancellationRequested)
        {
            // The duration elapsed or the host is stopping.
        }
        catch (ReductException ex)
        {
            LogServerUnreachable(logger, ex.Status, ex.Message);
            failed++;
        }

        LogFinished(logger, written, failed);
        if (failed > 0)
        {
            Environment.ExitCode = 1;
        }

        lifetime.StopApplication();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Writing {Sensors} sensors to bucket {Bucket} at {Url} every {IntervalMs} ms")]
    private static partial void LogStarted(ILogger logger, int sensors, string bucket, Uri url, double intervalMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Record {Entry} @ {Timestamp} was not stored: {Status} {Reason}")]
    private static partial void LogRecordFailed(ILogger logger, string entry, ulong timestamp, int status, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The server could not be used ({Status}): {Reason}")]
    private static partial void LogServerUnreachable(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Stopped: {Written} records stored, {Failed} failed")]
    private static partial void LogFinished(ILogger logger, long written, long failed);
}
