using System.Runtime.InteropServices;
using System.Text;

namespace Reduct.Client.Ingestion.Spooling;

/// <summary>
/// The strings a reader of the spool decodes again and again (entry names, content types, label names and values),
/// each kept once: a record's text is looked up by its UTF-8 bytes, so that decoding a window costs no string per field.
/// </summary>
/// <remarks>Not thread-safe: one per reader.</remarks>
internal sealed class SpoolStringCache
{
    private const int Slots = 256;
    private readonly byte[]?[] _bytes = new byte[Slots][];
    private readonly string?[] _strings = new string[Slots];

    /// <summary>The string of these UTF-8 bytes, from the cache when it holds them.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 256)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        int slot = (int)((uint)Hash(utf8) % Slots);
        if (_bytes[slot] is { } cached && utf8.SequenceEqual(cached))
        {
            return _strings[slot]!;
        }

        string text = Encoding.UTF8.GetString(utf8);
        _bytes[slot] = utf8.ToArray();
        _strings[slot] = text;
        return text;
    }

    // FNV-1a over the bytes: cheap, and good enough to spread a few dozen names over the slots.
    private static uint Hash(ReadOnlySpan<byte> data)
    {
        uint hash = 2166136261;
        foreach (byte b in data)
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash;
    }
}
