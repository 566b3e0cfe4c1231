using Reduct.Client.Ingestion.Spooling;

namespace Reduct.Client.Ingestion;

/// <summary>
/// What an <see cref="IngestionWriter"/> stands on: the in-memory stage (<see cref="Buffering.MemoryWriter"/>), or the
/// spool stage (<see cref="SpoolForwarder"/>) in front of one. The writer itself only checks arguments, keeps the entry
/// handles and turns failures into exceptions or log lines.
/// </summary>
internal interface IWriterStage
{
    /// <summary>Records taken and not yet stored or reported failed.</summary>
    int BufferedRecords { get; }

    /// <summary>Bytes those records take (bodies in memory, or the spool's segment files).</summary>
    long BufferedBytes { get; }

    /// <summary>What opening the spool found, or null without one.</summary>
    SpoolRecovery? SpoolRecovery { get; }

    /// <summary>Age of the oldest record in the spool not yet settled, or zero.</summary>
    TimeSpan SpoolOldestAge { get; }

    /// <summary>Why the stage stopped sending before the writer was closed (a spool that could not be read), or null.</summary>
    Exception? Fault { get; }

    /// <summary>Starts the stage's background work; called once, before the first record.</summary>
    void Start();

    /// <summary>Takes a record of an open entry, with the labels it is to be stored with.</summary>
    ValueTask EnqueueAsync(EntryWriter entry, ReductTimestamp timestamp, ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string>? labels, CancellationToken cancellationToken);

    /// <summary>Waits until every record taken before the call is settled; returns the failures since the previous flush.</summary>
    Task<IReadOnlyList<FailedRecord>> FlushAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stops intake, settles what it can within the dispose timeout, and returns the failures not yet taken; a later call
    /// waits for the first and returns an empty list.
    /// </summary>
    Task<IReadOnlyList<FailedRecord>> StopAsync(CancellationToken cancellationToken);
}
