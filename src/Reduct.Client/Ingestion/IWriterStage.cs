namespace Reduct.Client;

/// <summary>
/// What an <see cref="IngestionWriter"/> stands on: the in-memory stage (<see cref="MemoryWriter"/>), or the spool stage
/// (<see cref="Ingestion.Spooling.SpoolForwarder"/>) in front of one. The writer itself only checks arguments, keeps the
/// entry names and turns failures into exceptions or log lines.
/// </summary>
internal interface IWriterStage : IRecordIntake
{
    /// <summary>Records taken and not yet stored or reported failed.</summary>
    int BufferedRecords { get; }

    /// <summary>Bytes those records take (bodies in memory, or the spool's segment files).</summary>
    long BufferedBytes { get; }

    /// <summary>What opening the spool found, or null without one.</summary>
    SpoolRecovery? SpoolRecovery { get; }

    /// <summary>Age of the oldest record in the spool not yet settled, or zero.</summary>
    TimeSpan SpoolOldestAge { get; }

    /// <summary>Waits until every record taken before the call is settled; returns the failures since the previous flush.</summary>
    Task<IReadOnlyList<FailedRecord>> FlushAsync(CancellationToken cancellationToken);

    /// <summary>Stops intake, settles what it can within the dispose timeout, and returns the failures not yet taken.</summary>
    Task<IReadOnlyList<FailedRecord>> StopAsync(CancellationToken cancellationToken);
}
