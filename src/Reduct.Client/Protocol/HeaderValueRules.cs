namespace Reduct.Client.Protocol;

/// <summary>
/// Rules for text that travels in an HTTP header value (label values, content types): printable ASCII only,
/// so that no CR/LF can inject a header and nothing is altered or rejected by the server (spec §4.2, §5).
/// </summary>
internal static class HeaderValueRules
{
    /// <summary>Checks a label value: printable ASCII, no leading or trailing whitespace (HTTP would trim it).</summary>
    public static void ValidateLabelValue(string labelName, string? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        int bad = IndexOfNonPrintable(value);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"The value of label '{labelName}' contains '{NameRules.Printable(value[bad])}' at position {bad}; label values must be printable ASCII (0x20-0x7E) because they travel in HTTP headers.",
                paramName);
        }

        if (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
        {
            throw new ArgumentException(
                $"The value of label '{labelName}' starts or ends with a space, which HTTP would strip; trim it first.",
                paramName);
        }
    }

    /// <summary>Checks a content type: non-empty printable ASCII without surrounding whitespace.</summary>
    public static void ValidateContentType(string? contentType, string paramName)
    {
        if (contentType is null)
        {
            return;
        }

        if (contentType.Length == 0 || contentType[0] == ' ' || contentType[^1] == ' ')
        {
            throw new ArgumentException(
                "A content type must not be empty or start or end with a space; leave it null for application/octet-stream.",
                paramName);
        }

        int bad = IndexOfNonPrintable(contentType);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"Content type '{contentType}' contains '{NameRules.Printable(contentType[bad])}' at position {bad}; a content type must be printable ASCII (0x20-0x7E).",
                paramName);
        }
    }

    /// <summary>Checks a content type for a batched record, where a comma would end the content type early.</summary>
    public static void ValidateBatchContentType(string? contentType, string paramName)
    {
        ValidateContentType(contentType, paramName);
        if (contentType is not null && contentType.Contains(',', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Content type '{contentType}' contains a comma, which batched records cannot carry.", paramName);
        }
    }

    private static int IndexOfNonPrintable(string value) => value.AsSpan().IndexOfAnyExceptInRange(' ', '~');
}
