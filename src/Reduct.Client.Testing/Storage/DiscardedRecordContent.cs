namespace Reduct.Client.Testing.Storage;

/// <summary>Content of a server that keeps only record metadata; the bytes go nowhere.</summary>
internal sealed class DiscardedRecordContent : RecordContent
{
    public static DiscardedRecordContent Instance { get; } = new();

    public override bool KeepsBytes => false;

    public override void Write(ReadOnlySpan<byte> data, long offset)
    {
    }

    public override byte[] ReadAll() =>
        throw new InvalidOperationException("Record bodies are not kept: the server runs with DiscardBodies.");

    public override Task CopyToAsync(Stream destination, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Record bodies are not kept: the server runs with DiscardBodies.");
}
