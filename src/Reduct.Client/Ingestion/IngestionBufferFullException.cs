namespace Reduct.Client;

/// <summary>
/// A write to an <see cref="IngestionWriter"/> in <see cref="IngestionWriterFullMode.Fail"/> mode found the buffer
/// full. The record was not taken; nothing else changed.
/// </summary>
public sealed class IngestionBufferFullException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public IngestionBufferFullException(string message)
        : base(message)
    {
    }
}
