namespace Reduct.Client;

/// <summary>What an <see cref="IngestionWriter"/> write does when the writer's buffer is full.</summary>
public enum IngestionWriterFullMode
{
    /// <summary>Wait until sent records free room (backpressure).</summary>
    Wait,

    /// <summary>Throw <see cref="IngestionBufferFullException"/> at once.</summary>
    Fail,
}
