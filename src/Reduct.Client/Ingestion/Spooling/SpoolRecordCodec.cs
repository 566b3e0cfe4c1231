using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Reduct.Client.Ingestion.Spooling;

/// <summary>
/// The byte form of a spooled record: a frame of <c>u32 payload length</c>, <c>u32 CRC-32C of the payload</c> and the
/// payload (<c>u64 timestamp</c>, the entry, the content type, the labels as length-prefixed UTF-8, then the body). The
/// checksum makes a torn or damaged frame detectable after a crash.
/// </summary>
internal static class SpoolRecordCodec
{
    /// <summary>Bytes before the payload.</summary>
    public const int FrameHeaderSize = 8;

    /// <summary>The smallest frame: a timestamp and three length fields (entry, content type, label count), nothing else.</summary>
    public const int MinimumFrameSize = FrameHeaderSize + sizeof(ulong) + (3 * sizeof(ushort));

    // A content type length that means "none" (null), not "empty".
    private const ushort NoContentType = ushort.MaxValue;

    /// <summary>What <see cref="TryReadFrame"/> found at the start of its input.</summary>
    public enum FrameStatus
    {
        /// <summary>A whole frame whose checksum matches.</summary>
        Complete,

        /// <summary>The input ends inside the frame: the tail of a write that was cut off.</summary>
        Torn,

        /// <summary>The frame is whole but its checksum or its length is wrong.</summary>
        Corrupt,
    }

    /// <summary>The frame size of a record; throws when a name or label is too long for the format.</summary>
    public static int MeasureFrame(in SpooledRecord record)
    {
        long size = FrameHeaderSize + sizeof(ulong)
            + StringSize(record.Entry) + StringSize(record.ContentType ?? string.Empty) + sizeof(ushort);
        if (record.Labels is Dictionary<string, string> dictionary)
        {
            // The writer's labels: walked as a dictionary, a foreach over the interface would box an enumerator per record.
            foreach (KeyValuePair<string, string> label in dictionary)
            {
                size += StringSize(label.Key) + StringSize(label.Value);
            }
        }
        else
        {
            foreach (KeyValuePair<string, string> label in record.Labels)
            {
                size += StringSize(label.Key) + StringSize(label.Value);
            }
        }

        size += record.Body.Length;
        return size <= int.MaxValue ? (int)size : throw new ArgumentException("A spooled record must be smaller than 2 GiB.");
    }

    /// <summary>Writes the record's frame; <paramref name="destination"/> holds <see cref="MeasureFrame"/> bytes.</summary>
    public static void WriteFrame(in SpooledRecord record, Span<byte> destination)
    {
        Span<byte> payload = destination[FrameHeaderSize..];
        BinaryPrimitives.WriteUInt64LittleEndian(payload, record.Timestamp);
        int offset = sizeof(ulong);
        offset += WriteString(record.Entry, payload[offset..]);
        if (record.ContentType is null)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(payload[offset..], NoContentType);
            offset += sizeof(ushort);
        }
        else
        {
            offset += WriteString(record.ContentType, payload[offset..]);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(payload[offset..], checked((ushort)record.Labels.Count));
        offset += sizeof(ushort);
        if (record.Labels is Dictionary<string, string> dictionary)
        {
            foreach (KeyValuePair<string, string> label in dictionary)
            {
                offset += WriteLabel(label, payload[offset..]);
            }
        }
        else
        {
            foreach (KeyValuePair<string, string> label in record.Labels)
            {
                offset += WriteLabel(label, payload[offset..]);
            }
        }

        record.Body.Span.CopyTo(payload[offset..]);
        offset += record.Body.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)offset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Checksum(payload[..offset]));
    }

    private static int WriteLabel(KeyValuePair<string, string> label, Span<byte> destination)
    {
        int written = WriteString(label.Key, destination);
        return written + WriteString(label.Value, destination[written..]);
    }

    /// <summary>The length of the frame that starts <paramref name="data"/>, by its length field (not checked).</summary>
    public static int FrameLengthOf(ReadOnlySpan<byte> data) => FrameHeaderSize + (int)BinaryPrimitives.ReadUInt32LittleEndian(data);

    /// <summary>Looks at the frame that starts <paramref name="data"/>.</summary>
    public static FrameStatus TryReadFrame(ReadOnlySpan<byte> data, long bytesAfterData, out int frameLength)
    {
        frameLength = 0;
        if (data.Length < FrameHeaderSize)
        {
            return FrameStatus.Torn;
        }

        uint payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (payloadLength < MinimumFrameSize - FrameHeaderSize || payloadLength > int.MaxValue - FrameHeaderSize)
        {
            return FrameStatus.Corrupt;
        }

        if (data.Length - FrameHeaderSize < payloadLength)
        {
            // Either the frame was cut off (nothing after it) or the length field itself is damaged.
            return bytesAfterData == 0 ? FrameStatus.Torn : FrameStatus.Corrupt;
        }

        frameLength = FrameHeaderSize + (int)payloadLength;
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        return Checksum(data.Slice(FrameHeaderSize, (int)payloadLength)) == expected ? FrameStatus.Complete : FrameStatus.Corrupt;
    }

    /// <summary>Reads the record of a complete frame; the body is copied, so the frame's buffer may be reused.</summary>
    public static SpooledRecord ReadRecord(ReadOnlySpan<byte> frame, SpoolStringCache? strings = null)
    {
        ReadOnlySpan<byte> payload = frame[FrameHeaderSize..];
        ulong timestamp = BinaryPrimitives.ReadUInt64LittleEndian(payload);
        int offset = sizeof(ulong);
        string entry = ReadString(payload, ref offset, strings)!;
        string? contentType = ReadString(payload, ref offset, strings, allowNone: true);
        int labelCount = BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]);
        offset += sizeof(ushort);
        var labels = new KeyValuePair<string, string>[labelCount];
        for (int i = 0; i < labelCount; i++)
        {
            string name = ReadString(payload, ref offset, strings)!;
            labels[i] = new KeyValuePair<string, string>(name, ReadString(payload, ref offset, strings)!);
        }

        return new SpooledRecord(entry, timestamp, contentType, labels, payload[offset..].ToArray());
    }

    /// <summary>CRC-32C (Castagnoli), with the processor's instruction where there is one.</summary>
    public static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint crc = uint.MaxValue;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong word in words)
        {
            crc = BitOperations.Crc32C(crc, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        }

        foreach (byte b in data[(words.Length * sizeof(ulong))..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    private static int StringSize(string text)
    {
        int bytes = Encoding.UTF8.GetByteCount(text);
        return bytes < NoContentType
            ? sizeof(ushort) + bytes
            : throw new ArgumentException($"A name, content type or label of a spooled record must be under {NoContentType} bytes of UTF-8.");
    }

    private static int WriteString(string text, Span<byte> destination)
    {
        int written = Encoding.UTF8.GetBytes(text, destination[sizeof(ushort)..]);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)written);
        return sizeof(ushort) + written;
    }

    private static string? ReadString(ReadOnlySpan<byte> payload, ref int offset, SpoolStringCache? strings, bool allowNone = false)
    {
        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]);
        offset += sizeof(ushort);
        if (allowNone && length == NoContentType)
        {
            return null;
        }

        ReadOnlySpan<byte> utf8 = payload.Slice(offset, length);
        string text = strings is null ? Encoding.UTF8.GetString(utf8) : strings.Get(utf8);
        offset += length;
        return text;
    }
}
