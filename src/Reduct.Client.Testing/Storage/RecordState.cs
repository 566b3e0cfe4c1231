namespace Reduct.Client.Testing.Storage;

/// <summary>Life cycle of a record slot.</summary>
internal enum RecordState
{
    /// <summary>The body is being received; invisible and not yet replaceable.</summary>
    Writing,

    /// <summary>Fully received and visible.</summary>
    Committed,

    /// <summary>The upload broke off; invisible, and replaceable by a write of the same size.</summary>
    Errored,
}
