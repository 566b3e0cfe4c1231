namespace Reduct.Client.Testing.Storage;

/// <summary>Record bytes in memory reserved at the declared size: a slice of a shared block for a small record, an array of its own otherwise.</summary>
internal sealed class MemoryRecordContent : RecordContent
{
    private readonly Memory<byte> _bytes;

    public MemoryRecordContent(long length, SmallBodyBlocks smallBodies)
    {
        _bytes = length switch
        {
            0 => Memory<byte>.Empty,
            <= SmallBodyBlocks.MaxPackedLength => smallBodies.Reserve((int)length),
            _ => new byte[length],
        };
    }

    public override bool KeepsBytes => true;

    public override void Write(ReadOnlySpan<byte> data, long offset) => data.CopyTo(_bytes.Span[checked((int)offset)..]);

    public override byte[] ReadAll() => _bytes.ToArray();

    public override Task CopyToAsync(Stream destination, CancellationToken cancellationToken) =>
        destination.WriteAsync(_bytes, cancellationToken).AsTask();
}
