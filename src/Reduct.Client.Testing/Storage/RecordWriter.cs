using System.Security.Cryptography;

namespace Reduct.Client.Testing.Storage;

/// <summary>
/// Receives the body of one record into its reserved storage, hashing it on the way. A writer
/// that is disposed before <see cref="Complete"/> leaves the record errored.
/// </summary>
/// <remarks>
/// A body that arrives in one piece (every small batched record) is hashed with the thread's own SHA-256 context,
/// reset after each body, which costs less than a one-shot hash (that sets up a native context per call). A body that
/// arrives in pieces gets an incremental hash of its own.
/// </remarks>
internal sealed class RecordWriter : IDisposable
{
    [ThreadStatic]
    private static IncrementalHash? t_wholeBodyHasher;

    private readonly StorageEngine _engine;
    private readonly RecordSlot _slot;
    private readonly RecordContent _content;
    private IncrementalHash? _hash;
    private byte[]? _wholeBodyHash;
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

        if (data.IsEmpty)
        {
            return;
        }

        _content.Write(data, _written);
        if (_written == 0 && data.Length == _slot.Length)
        {
            IncrementalHash hasher = t_wholeBodyHasher ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hasher.AppendData(data);
            _wholeBodyHash = hasher.GetHashAndReset();
        }
        else
        {
            _hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            _hash.AppendData(data);
        }

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
        byte[] sha256 = _wholeBodyHash ?? _hash?.GetHashAndReset() ?? SHA256.HashData(ReadOnlySpan<byte>.Empty);
        _hash?.Dispose();
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
        _hash?.Dispose();
        _engine.MarkErrored(_slot);
    }

    public void Dispose() => Fail();
}
