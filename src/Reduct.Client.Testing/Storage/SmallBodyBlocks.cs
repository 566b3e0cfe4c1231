namespace Reduct.Client.Testing.Storage;

/// <summary>
/// Packs the bodies of small in-memory records side by side into shared 1 MiB blocks, instead of one array per
/// record: a run of many tiny records then leaves the garbage collector a few large blocks to keep (which it does
/// not move) rather than an array per record to copy from generation to generation.
/// </summary>
/// <remarks>
/// A block stays alive while any record in it does, so the space of removed or replaced small records is given
/// back only with the last record of their block. Thread-safe: records of concurrent requests reserve their
/// space one after the other.
/// </remarks>
internal sealed class SmallBodyBlocks
{
    /// <summary>The largest body that goes into a shared block; larger ones get an array of their own.</summary>
    public const int MaxPackedLength = 16 * 1024;

    private const int BlockSize = 1024 * 1024;

    private readonly object _sync = new();
    private byte[]? _block;
    private int _used;

    /// <summary>Reserves <paramref name="length"/> bytes (at most <see cref="MaxPackedLength"/>) in the current block.</summary>
    public Memory<byte> Reserve(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxPackedLength);
        lock (_sync)
        {
            if (_block is null || BlockSize - _used < length)
            {
                _block = new byte[BlockSize];
                _used = 0;
            }

            Memory<byte> reserved = _block.AsMemory(_used, length);
            _used += length;
            return reserved;
        }
    }
}
