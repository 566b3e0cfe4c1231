namespace Reduct.Client;

/// <summary>What a spooled write does when the spool holds <see cref="SpoolOptions.MaxBytes"/>.</summary>
public enum SpoolFullMode
{
    /// <summary>Wait until stored records free room (backpressure).</summary>
    Wait,

    /// <summary>Remove the oldest segment of records not yet stored, reporting each of them as failed, and take the write.</summary>
    DropOldest,

    /// <summary>Throw <see cref="IngestionBufferFullException"/> at once; the record is not taken.</summary>
    Fail,
}
