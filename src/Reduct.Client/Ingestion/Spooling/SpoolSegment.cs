using System.Buffers.Binary;
using System.Globalization;
using System.IO.MemoryMappedFiles;

namespace Reduct.Client.Ingestion.Spooling;

/// <summary>
/// One segment file of a spool: a 16-byte header (<c>RSPOOL01</c> and the creation time in Unix milliseconds) and
/// record frames (<see cref="SpoolRecordCodec"/>) appended one after another. The open segment takes appends; a sealed
/// one only waits until each of its records is acknowledged, and is then deleted.
/// </summary>
/// <remarks>
/// The open segment is a file of its full size mapped into memory: an append is a copy into the operating system's
/// page cache, no system call, and what is copied survives the process being killed. Sealing cuts the file to what
/// it holds; a file left open by a crash ends in zeros, which recovery reads as its end.
/// </remarks>
internal sealed class SpoolSegment
{
    /// <summary>Bytes of the file header.</summary>
    public const int HeaderSize = 16;

    private const string FilePrefix = "segment-";
    private const string FileSuffix = ".rspool";
    private static ReadOnlySpan<byte> Magic => "RSPOOL01"u8;

    private FileStream? _file;
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;

    // One bit per record: acknowledgements arrive in any order, and a dropped segment reports only the others.
    private ulong[] _acknowledged;

    // When the first record of each block of 64 was accepted (UTC ticks): the age of the oldest waiting record.
    private long[] _blockAccepted;

    private SpoolSegment(string path, long id, DateTimeOffset created, long length, int records, FileStream? file, MemoryMappedFile? map = null, MemoryMappedViewAccessor? view = null)
    {
        _map = map;
        _view = view;
        Path = path;
        Id = id;
        Created = created;
        Length = length;
        Records = records;
        _file = file;
        _acknowledged = new ulong[Math.Max(1, (records + 63) / 64)];

        // A recovered segment's records were accepted at some time after its creation: its creation stands for all.
        _blockAccepted = new long[_acknowledged.Length];
        Array.Fill(_blockAccepted, created.UtcTicks);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Its place in the spool: segments are replayed and dropped in this order.</summary>
    public long Id { get; }

    /// <summary>When its first record was accepted.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>Bytes in the file.</summary>
    public long Length { get; private set; }

    /// <summary>Records in the file.</summary>
    public int Records { get; private set; }

    /// <summary>Records stored or reported failed.</summary>
    public int Acknowledged { get; private set; }

    /// <summary>True once no more records are appended.</summary>
    public bool IsSealed => _file is null;

    /// <summary>True when the segment is sealed and every record in it is acknowledged: it can be deleted.</summary>
    public bool IsDone => IsSealed && Acknowledged >= Records;

    /// <summary>The file name of a segment.</summary>
    public static string FileName(long id) => FilePrefix + id.ToString("D12", CultureInfo.InvariantCulture) + FileSuffix;

    /// <summary>The segment id a file name stands for, or null for any other file.</summary>
    public static long? IdOf(string fileName) =>
        fileName.StartsWith(FilePrefix, StringComparison.Ordinal) && fileName.EndsWith(FileSuffix, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(FilePrefix.Length, fileName.Length - FilePrefix.Length - FileSuffix.Length),
                NumberStyles.None, CultureInfo.InvariantCulture, out long id)
            ? id
            : null;

    /// <summary>Creates a new, open segment file of <paramref name="capacity"/> bytes, mapped into memory.</summary>
    public static SpoolSegment Create(string directory, long id, DateTimeOffset now, long capacity)
    {
        string path = System.IO.Path.Combine(directory, FileName(id));
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        MemoryMappedFile? map = null;
        try
        {
            file.SetLength(capacity);
            map = MemoryMappedFile.CreateFromFile(file, null, capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            MemoryMappedViewAccessor view = map.CreateViewAccessor(0, capacity);
            byte[] header = new byte[HeaderSize];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), now.ToUnixTimeMilliseconds());
            view.WriteArray(0, header, 0, HeaderSize);
            return new SpoolSegment(path, id, now, HeaderSize, 0, file, map, view);
        }
        catch
        {
            map?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a segment left by an earlier writer, sealed: checks every frame and cuts the file at the first one that is
    /// torn or damaged (what a crash mid-write leaves), counting what was cut.
    /// </summary>
    /// <returns>The segment, or null when the file had no whole header (it was deleted).</returns>
    public static SpoolSegment? Recover(string path, long id, out long bytesCut, out int framesCut)
    {
        byte[] data = File.ReadAllBytes(path);
        if (data.Length < HeaderSize || !data.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            // Not even a whole header: the writer died creating it, before any record was accepted into it.
            bytesCut = data.Length;
            framesCut = 0;
            File.Delete(path);
            return null;
        }

        var created = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(8)));
        int offset = HeaderSize;
        int records = 0;

        // A segment that was open when its writer died is full size: the zeros after its last frame are not data.
        int end = data.AsSpan().LastIndexOfAnyExcept((byte)0) + 1;
        while (offset < end)
        {
            // The frame is read with the zeros after it: a body may end in zeros of its own.
            SpoolRecordCodec.FrameStatus status = SpoolRecordCodec.TryReadFrame(data.AsSpan(offset), 0, out int frameLength);
            if (status != SpoolRecordCodec.FrameStatus.Complete || !IsReadable(data.AsSpan(offset, frameLength)))
            {
                break;
            }

            offset += frameLength;
            records++;
        }

        bytesCut = Math.Max(0, end - offset);
        framesCut = bytesCut == 0 ? 0 : CountFrames(data.AsSpan(offset, (int)bytesCut));
        if (data.Length > offset)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
            file.SetLength(offset);
            file.Flush(flushToDisk: true);
        }

        return new SpoolSegment(path, id, created, offset, records, file: null);
    }

    /// <summary>Appends one frame; with <paramref name="sync"/> the file is synced to the disk too.</summary>
    /// <returns>The record's index in the segment.</returns>
    public int Append(byte[] frame, int length, bool sync, DateTimeOffset now)
    {
        MemoryMappedViewAccessor view = _view ?? throw new InvalidOperationException("The segment is sealed.");
        view.WriteArray(Length, frame, 0, length);
        if (sync)
        {
            view.Flush();
        }

        Length += length;
        if (Records / 64 >= _acknowledged.Length)
        {
            Array.Resize(ref _acknowledged, _acknowledged.Length * 2);
            Array.Resize(ref _blockAccepted, _acknowledged.Length);
        }

        if (Records % 64 == 0)
        {
            _blockAccepted[Records / 64] = now.UtcTicks;
        }

        return Records++;
    }

    /// <summary>Syncs what was appended to the disk.</summary>
    public void Sync() => _view?.Flush();

    /// <summary>Closes the file for appends, synced to the disk first when asked.</summary>
    public void Seal(bool sync)
    {
        if (_file is { } file)
        {
            if (sync)
            {
                _view!.Flush();
            }

            _view!.Dispose();
            _map!.Dispose();
            _view = null;
            _map = null;

            // The file was made full size for the mapping: it keeps what it holds.
            file.SetLength(Length);
            if (sync)
            {
                file.Flush(flushToDisk: true);
            }

            file.Dispose();
            _file = null;
        }
    }

    /// <summary>Marks a record as stored or reported failed; false when it already was.</summary>
    public bool Acknowledge(int index)
    {
        if ((uint)index >= (uint)Records || IsAcknowledged(index))
        {
            return false;
        }

        _acknowledged[index / 64] |= 1UL << (index % 64);
        Acknowledged++;
        return true;
    }

    /// <summary>When the oldest record not yet acknowledged was accepted (to a block of 64), or null when none is waiting.</summary>
    public DateTimeOffset? OldestWaitingAccepted()
    {
        for (int block = 0; block * 64 < Records; block++)
        {
            int inBlock = Math.Min(64, Records - (block * 64));
            ulong all = inBlock == 64 ? ulong.MaxValue : (1UL << inBlock) - 1;
            if ((_acknowledged[block] & all) != all)
            {
                return new DateTimeOffset(_blockAccepted[block], TimeSpan.Zero);
            }
        }

        return null;
    }

    /// <summary>True when the record at <paramref name="index"/> was acknowledged.</summary>
    public bool IsAcknowledged(int index) => (_acknowledged[index / 64] & (1UL << (index % 64))) != 0;

    /// <summary>The records in the file, in the order they were appended.</summary>
    public List<SpooledRecord> ReadRecords()
    {
        byte[] data = ReadFile();
        var records = new List<SpooledRecord>(Records);
        int offset = HeaderSize;
        for (int i = 0; i < Records; i++)
        {
            SpoolRecordCodec.TryReadFrame(data.AsSpan(offset, (int)Math.Min(int.MaxValue, Length - offset)), 0, out int frameLength);
            records.Add(SpoolRecordCodec.ReadRecord(data.AsSpan(offset, frameLength)));
            offset += frameLength;
        }

        return records;
    }

    /// <summary>Fills <paramref name="destination"/> with the file's bytes from <paramref name="offset"/>.</summary>
    public void ReadRange(long offset, Span<byte> destination)
    {
        using Microsoft.Win32.SafeHandles.SafeFileHandle file = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(file, destination, offset);
            if (read == 0)
            {
                throw new EndOfStreamException($"The spool segment '{Path}' ended before offset {offset + destination.Length}.");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    /// <summary>Removes the file (sealing it first).</summary>
    public void Delete()
    {
        Seal(sync: false);
        File.Delete(Path);
    }

    private byte[] ReadFile()
    {
        using var reader = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var data = new byte[Length];
        reader.ReadExactly(data);
        return data;
    }

    private static bool IsReadable(ReadOnlySpan<byte> frame)
    {
        try
        {
            SpoolRecordCodec.ReadRecord(frame);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    // How many frames the cut bytes held, as far as their length fields can be followed: the records lost.
    private static int CountFrames(ReadOnlySpan<byte> cut)
    {
        int frames = 0;
        while (cut.Length > 0)
        {
            frames++;
            if (cut.Length < SpoolRecordCodec.FrameHeaderSize)
            {
                break;
            }

            long next = SpoolRecordCodec.FrameHeaderSize + (long)BinaryPrimitives.ReadUInt32LittleEndian(cut);
            if (next > cut.Length)
            {
                break;
            }

            cut = cut[(int)next..];
        }

        return frames;
    }
}
