using System.Diagnostics.Metrics;
using Reduct.Client;

namespace Reduct.Client.Tests.Spooling;

/// <summary>The spool's gauges: bytes, records not yet stored and the oldest record's age, per bucket.</summary>
[Collection(ProcessWideListenerCollection.Name)]
public sealed class SpoolMetricsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "reduct-spool-metrics-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_spooled_writer_reports_its_bytes_records_and_oldest_age_while_the_server_is_down()
    {
        using var offline = new ReductClient(new ReductClientOptions { Url = ClosedPort.Url, Retry = { MaxRetryAttempts = 0 } });
        await using IngestionWriter writer = offline.GetBucket("metered").CreateWriter(new IngestionWriterOptions
        {
            Spool = new SpoolOptions { Directory = _directory },
            DisposeTimeout = TimeSpan.Zero,
        });
        EntryWriter entry = writer.OpenEntry("sensor");
        for (int i = 0; i < 50; i++)
        {
            await entry.WriteAsync((ulong)(1_000 + i), new byte[10]);
        }

        await Task.Delay(100);
        var seen = new Dictionary<string, double>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name.StartsWith("reduct.client.writer.spool.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(seen, instrument, value, tags));
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(seen, instrument, value, tags));
        meters.Start();
        meters.RecordObservableInstruments();

        Assert.Equal(50, seen["reduct.client.writer.spool.records"]);
        Assert.Equal(writer.BufferedBytes, seen["reduct.client.writer.spool.bytes"]);
        Assert.True(seen["reduct.client.writer.spool.oldest_age"] > 0.05);
        Assert.Equal(50, writer.BufferedRecords);
        Assert.True(writer.SpoolOldestAge > TimeSpan.FromMilliseconds(50));
    }

    private static void Record(Dictionary<string, double> seen, Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == "reduct.bucket" && (string?)tag.Value == "metered")
            {
                seen[instrument.Name] = value;
            }
        }
    }
}
