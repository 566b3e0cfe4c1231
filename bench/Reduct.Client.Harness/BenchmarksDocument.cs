namespace Reduct.Client.Harness;

/// <summary>Puts the harness section into a Markdown file: in place of the previous one, or at the end.</summary>
internal static class BenchmarksDocument
{
    public static void Write(string path, string section)
    {
        string document = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        int begin = document.IndexOf(ReportBuilder.BeginMarker, StringComparison.Ordinal);
        int end = document.IndexOf(ReportBuilder.EndMarker, StringComparison.Ordinal);
        string updated;
        if (begin >= 0 && end > begin)
        {
            int after = end + ReportBuilder.EndMarker.Length;
            if (after < document.Length && document[after] == '\n')
            {
                after++;
            }

            updated = document[..begin] + section + document[after..];
        }
        else
        {
            updated = document.Length == 0 ? section : document.TrimEnd('\n') + "\n\n" + section;
        }

        File.WriteAllText(path, updated);
    }
}
