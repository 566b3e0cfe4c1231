using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Reduct.Client.Tests.Diagnostics;

/// <summary>
/// Listens to the <c>Reduct.Client</c> meter and activity source. Listeners are process-wide and tests run in
/// parallel, so the tests filter what was collected by their own bucket or server port.
/// </summary>
internal sealed class TelemetryCollector : IDisposable
{
    private readonly MeterListener _meterListener = new();
    private readonly ActivityListener _activityListener;
    private readonly ConcurrentQueue<CollectedMeasurement> _measurements = new();
    private readonly ConcurrentQueue<Activity> _activities = new();

    public TelemetryCollector()
    {
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ReductTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _meterListener.Start();

        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ReductTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _activities.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_activityListener);
    }

    /// <summary>Measurements of one instrument whose tags include every given tag.</summary>
    public IReadOnlyList<CollectedMeasurement> Measurements(string instrument, params (string Key, object Value)[] tags) =>
        [.. _measurements.Where(m => m.Instrument == instrument && tags.All(t => Equals(m.Tag(t.Key), t.Value)))];

    /// <summary>The sum of the measurements of a counter whose tags include every given tag.</summary>
    public double Sum(string instrument, params (string Key, object Value)[] tags) =>
        Measurements(instrument, tags).Sum(m => m.Value);

    /// <summary>Stopped activities whose tags include every given tag.</summary>
    public IReadOnlyList<Activity> Activities(params (string Key, object Value)[] tags) =>
        [.. _activities.Where(a => tags.All(t => Equals(a.GetTagItem(t.Key), t.Value)))];

    /// <summary>Asks the observable instruments for their current values.</summary>
    public void RecordObservableInstruments() => _meterListener.RecordObservableInstruments();

    public void Dispose()
    {
        _meterListener.Dispose();
        _activityListener.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue(new CollectedMeasurement(instrument.Name, value, tags.ToArray()));
}

/// <summary>One measurement with its tags.</summary>
internal sealed record CollectedMeasurement(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)
{
    public object? Tag(string key) => Tags.FirstOrDefault(t => t.Key == key).Value;
}
