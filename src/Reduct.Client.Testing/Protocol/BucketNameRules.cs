namespace Reduct.Client.Testing.Protocol;

/// <summary>The bucket name rule <c>^[A-Za-z0-9_-]*$</c>, also the entry rule before 1.19.</summary>
internal static class BucketNameRules
{
    /// <summary>The server's own wording, typo included.</summary>
    public const string InvalidNameMessage = "Bucket or entry name can contain only letters, digests and [-,_] symbols";

    public static bool IsValid(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
