namespace Reduct.Client.Testing.Http;

/// <summary>Character rules the real server applies to header text (those of the Rust <c>http</c> crate).</summary>
internal static class HeaderText
{
    /// <summary>
    /// Whether a received header value converts to text on the real server: visible ASCII and tab.
    /// Request headers are decoded as Latin-1, so every received byte is one char here.
    /// </summary>
    public static bool IsVisibleAscii(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c != '\t' && (c < ' ' || c > '~'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a string can be sent as a header value: no control characters except tab, no DEL.</summary>
    public static bool IsSendableValue(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if ((c < ' ' && c != '\t') || c == '\u007f')
            {
                return false;
            }
        }

        return true;
    }
}
