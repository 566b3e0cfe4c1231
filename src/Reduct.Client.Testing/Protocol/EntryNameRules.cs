namespace Reduct.Client.Testing.Protocol;

/// <summary>Entry name validation with the messages of the real server.</summary>
internal static class EntryNameRules
{
    public const string EmptySegmentsMessage = "Entry name must be non-empty and must not contain empty path segments";
    public const string InvalidCharactersMessage = "Entry name can contain only letters, digits and [-,_,/] symbols or end with '/$meta'";
    private const string MetaSuffix = "/$meta";
    private const string MetaName = "$meta";

    /// <summary>Returns the rejection message, or null when the name is valid.</summary>
    /// <param name="name">Entry name.</param>
    /// <param name="hierarchical">Whether <c>/</c> paths and <c>$meta</c> exist (1.19+).</param>
    public static string? Validate(string name, bool hierarchical)
    {
        if (!hierarchical)
        {
            return name.Length > 0 && BucketNameRules.IsValid(name) ? null : BucketNameRules.InvalidNameMessage;
        }

        if (name.Length == 0 || name[0] == '/' || name[^1] == '/' || name.Contains("//", StringComparison.Ordinal))
        {
            return EmptySegmentsMessage;
        }

        var path = name == MetaName ? ReadOnlySpan<char>.Empty
            : name.EndsWith(MetaSuffix, StringComparison.Ordinal) ? name.AsSpan(0, name.Length - MetaSuffix.Length)
            : name.AsSpan();
        foreach (var c in path)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '/')
            {
                return InvalidCharactersMessage;
            }
        }

        return null;
    }

    /// <summary>Why records of a <c>$meta</c> entry cannot be removed by timestamp (1.19+).</summary>
    public static string RecordRemovalRefusedMessage(string entry) =>
        $"Can't delete records from system entry '{entry}'; use label update with remove=true";

    /// <summary>Why a <c>$meta</c> entry cannot be removed on its own (1.19+).</summary>
    public static string EntryRemovalRefusedMessage(string entry) =>
        $"Can't delete system entry '{entry}'; remove the parent entry instead";

    /// <summary>Whether the entry is a <c>$meta</c> attachment entry.</summary>
    public static bool IsMetaEntry(string name) => name == MetaName || name.EndsWith(MetaSuffix, StringComparison.Ordinal);

    /// <summary>The ancestors of a hierarchical entry (<c>a/b/c</c> gives <c>a</c> and <c>a/b</c>).</summary>
    public static IEnumerable<string> Ancestors(string name)
    {
        for (var i = name.IndexOf('/', StringComparison.Ordinal); i > 0; i = name.IndexOf('/', i + 1))
        {
            yield return name[..i];
        }
    }
}
