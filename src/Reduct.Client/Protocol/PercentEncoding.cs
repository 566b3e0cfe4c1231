using System.Buffers;
using System.Text;

namespace Reduct.Client.Protocol;

/// <summary>
/// The percent-encoding of entry and label names in v2 batch headers (spec §6.3): UTF-8 bytes that are HTTP
/// tchars stay as they are, every other byte becomes <c>%XX</c> with upper-case hex.
/// </summary>
internal static class PercentEncoding
{
    // The HTTP tchars (RFC 9110): letters, digits and !#$%&'*+-.^_`|~. Searched for all at once, as entry names are
    // encoded for every v2 request.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~");

    public static string Encode(string name)
    {
        int index = IndexOfFirstToEscape(name);
        if (index < 0)
        {
            return name;
        }

        var builder = new StringBuilder(name.Length + 8);
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            if (IsTokenChar(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    public static string Decode(string encoded)
    {
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var bytes = new List<byte>(encoded.Length);
        for (int i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
            {
                bytes.Add(Convert.ToByte(encoded.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(encoded[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static int IndexOfFirstToEscape(string name) => name.AsSpan().IndexOfAnyExcept(TokenChars);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static bool IsTokenChar(byte b) => b switch
    {
        >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' => true,
        (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
            or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~' => true,
        _ => false,
    };
}
