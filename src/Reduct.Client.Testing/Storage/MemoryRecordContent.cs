namespace Reduct.Client.Testing.Storage;

/// <summary>Record bytes in one array allocated at the declared size.</summary>
internal sealed class MemoryRecordContent : RecordContent
{
    private readonly byte[] _bytes;

    public MemoryRecordContent(long length)
    {
        _bytes = length == 0 ? Array.Empty<byte>() : new byte[length];
    }

    public override bool KeepsBytes => true;

    public override void Write(ReadOnlySpan<byte> data, long offset) => data.CopyTo(_bytes.AsSpan(checked((int)offset)));

    public override byte[] ReadAll() => (byte[])_bytes.Clone();

    public override Task CopyToAsync(Stream destination, CancellationToken cancellationToken) =>
        destination.WriteAsync(_bytes, cancellationToken).AsTask();
}
