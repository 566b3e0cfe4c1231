using System.Text;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// The percent-encoding of entry and label names inside v2 header values: every byte that is not
/// an HTTP token character becomes <c>%XX</c> (upper-case hex). Decoding also accepts raw bytes.
/// </summary>
internal static class HeaderValuePercentEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (IsTokenChar(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(Convert.ToHexString([b]));
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes <paramref name="encoded"/>; null when a <c>%</c> escape is malformed.</summary>
    /// <param name="encoded">Text of a header value, one char per received byte.</param>
    /// <param name="notUtf8">Set when the decoded bytes are not UTF-8.</param>
    public static string? TryDecode(string encoded, out bool notUtf8)
    {
        notUtf8 = false;
        var bytes = new List<byte>(encoded.Length);
        for (var pos = 0; pos < encoded.Length;)
        {
            var c = encoded[pos];
            if (c != '%')
            {
                bytes.Add((byte)c);
                pos++;
                continue;
            }

            if (pos + 2 >= encoded.Length)
            {
                return null;
            }

            var high = HexValue(encoded[pos + 1]);
            var low = HexValue(encoded[pos + 2]);
            if (high < 0 || low < 0)
            {
                return null;
            }

            bytes.Add((byte)((high * 16) + low));
            pos += 3;
        }

        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            notUtf8 = true;
            return null;
        }
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsTokenChar(byte b) =>
        (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
        || b is (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*'
            or (byte)'+' or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';
}
