using System.Security.Cryptography;

namespace Reduct.Client.Testing.Storage;

/// <summary>
/// Receives the body of one record into its reserved storage, hashing it on the way. A writer
/// that is disposed before <see cref="Complete"/> leaves the record errored.
/// </summary>
internal sealed class RecordWriter : IDisposable
{
    private readonly StorageEngine _engine;
    private readonly RecordSlot _slot;
    private readonly RecordContent _content;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _written;
    private bool _finished;

    public RecordWriter(StorageEngine engine, RecordSlot slot, RecordContent content)
    {
        _engine = engine;
        _slot = slot;
        _content = content;
    }

    /// <summary>Bytes still expected.</summary>
    public long Remaining => _slot.Length - _written;

    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.Length > Remaining)
        {
            throw new InvalidOperationException("More data than the declared record length.");
        }

        _content.Write(data, _written);
        _hash.AppendData(data);
        _written += data.Length;
    }

    /// <summary>Makes the record visible. All declared bytes must have been written.</summary>
    public void Complete()
    {
        if (Remaining != 0)
        {
            throw new InvalidOperationException("The record is not complete.");
        }

        _finished = true;
        _content.CloseForWriting();
        var sha256 = Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant();
        _hash.Dispose();
        _engine.Commit(_slot, sha256);
    }

    /// <summary>Marks the record errored (the upload broke off).</summary>
    public void Fail()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        _content.CloseForWriting();
        _hash.Dispose();
        _engine.MarkErrored(_slot);
    }

    public void Dispose() => Fail();
}
