using System.Diagnostics.CodeAnalysis;

namespace Reduct.Client.Protocol;

/// <summary>
/// The naming rules of ReductStore for buckets, entries and labels (protocol spec §3.5, §4), checked on the
/// client so that a bad name fails before any byte is sent.
/// </summary>
internal static class NameRules
{
    /// <summary>Checks a bucket name: one or more of <c>A-Z a-z 0-9 _ -</c>.</summary>
    public static void ValidateBucketName(string? name, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (name.Length == 0)
        {
            throw new ArgumentException("A bucket name must not be empty.", paramName);
        }

        foreach (char c in name)
        {
            if (!IsNameChar(c))
            {
                throw new ArgumentException(
                    $"Bucket name '{name}' contains '{Printable(c)}'; only letters A-Z and a-z, digits, '_' and '-' are allowed.",
                    paramName);
            }
        }
    }

    /// <summary>
    /// Checks an entry name: segments of <c>A-Z a-z 0-9 _ -</c> joined by single <c>/</c>, not starting or
    /// ending with <c>/</c>; a last segment <c>$meta</c> is allowed; a last segment <c>batch</c>, <c>q</c> or
    /// <c>rename</c> after a <c>/</c> is refused because the server would route it to another handler.
    /// </summary>
    public static void ValidateEntryName([NotNull] string? name, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (name.Length == 0 || name[0] == '/' || name[^1] == '/' || name.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Entry name '{name}' is not allowed: it must be non-empty, must not start or end with '/' and must not contain '//'.",
                paramName);
        }

        int lastSlash = name.LastIndexOf('/');
        ReadOnlySpan<char> lastSegment = name.AsSpan(lastSlash + 1);
        ReadOnlySpan<char> checkedPart = lastSegment.SequenceEqual("$meta") ? name.AsSpan(0, Math.Max(lastSlash, 0)) : name;
        foreach (char c in checkedPart)
        {
            if (!IsNameChar(c) && c != '/')
            {
                throw new ArgumentException(
                    $"Entry name '{name}' contains '{Printable(c)}'; only letters A-Z and a-z, digits, '_', '-' and '/' are allowed (and a last segment '$meta').",
                    paramName);
            }
        }

        if (lastSlash >= 0 && (lastSegment.SequenceEqual("batch") || lastSegment.SequenceEqual("q") || lastSegment.SequenceEqual("rename")))
        {
            throw new ArgumentException(
                $"Entry name '{name}' ends with the segment '{lastSegment}', which the server reserves for its batch, query and rename routes.",
                paramName);
        }
    }

    /// <summary>True for an attachment entry: <c>$meta</c>, or a name whose last segment is <c>$meta</c>.</summary>
    public static bool IsAttachmentEntry(string name) =>
        name == "$meta" || name.EndsWith("/$meta", StringComparison.Ordinal);

    /// <summary>
    /// Refuses an attachment entry for a call the server does not allow on one (or, for renames, should not be
    /// asked): records of <c>$meta</c> are removed by labelling them <c>remove=true</c>, and the entry itself is
    /// removed and renamed together with its parent (spec §5.1, §5.6, §7, §9.4).
    /// </summary>
    /// <param name="name">A valid entry name.</param>
    /// <param name="instead">What to do instead, as the end of a sentence.</param>
    /// <param name="paramName">The argument's name.</param>
    public static void RefuseAttachmentEntry(string name, string instead, string paramName)
    {
        if (IsAttachmentEntry(name))
        {
            throw new ArgumentException($"Entry '{name}' holds attachments ($meta): {instead}.", paramName);
        }
    }

    /// <summary>Checks a label name: one or more of <c>a-z 0-9 _ -</c>.</summary>
    public static void ValidateLabelName(string? name, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (name.Length == 0)
        {
            throw new ArgumentException("A label name must not be empty.", paramName);
        }

        foreach (char c in name)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
            {
                throw new ArgumentException(
                    $"Label name '{name}' contains '{Printable(c)}'; only lower-case letters a-z, digits, '_' and '-' are allowed "
                    + "(upper case would be folded by HTTP, other characters cannot be read back safely).",
                    paramName);
            }
        }
    }

    private static bool IsNameChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-';

    internal static string Printable(char c) => c is < ' ' or '\x7f' or (>= '\x80' and <= '\x9f')
        ? $"\\u{(int)c:X4}"
        : c.ToString();
}
