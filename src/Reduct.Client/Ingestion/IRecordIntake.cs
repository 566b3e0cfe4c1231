namespace Reduct.Client;

/// <summary>
/// Where an <see cref="EntryWriter"/> hands its records: the in-memory writer's collection, or the spool stage of a
/// writer with a spool (<see cref="IngestionWriterOptions.Spool"/>).
/// </summary>
internal interface IRecordIntake
{
    /// <summary>Takes a record of an entry, with the labels it is to be stored with.</summary>
    ValueTask EnqueueAsync(EntryWriter entry, ReductTimestamp timestamp, ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string>? labels, CancellationToken cancellationToken);

    /// <summary>Forgets a closed entry.</summary>
    void Close(EntryWriter entry);
}
