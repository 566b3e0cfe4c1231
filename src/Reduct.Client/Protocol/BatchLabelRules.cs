namespace Reduct.Client.Protocol;

/// <summary>
/// What labels can carry inside batch header values (spec §6.2, §6.3): a value with a comma is quoted, so a
/// value can never contain a double quote; and protocol v2 reads an empty value as "remove the label".
/// </summary>
internal static class BatchLabelRules
{
    /// <summary>Checks labels of a batched record; both batch protocols must be able to carry them.</summary>
    public static void Validate(IReadOnlyDictionary<string, string>? labels, string paramName)
    {
        if (labels is null)
        {
            return;
        }

        foreach (KeyValuePair<string, string> label in labels)
        {
            if (label.Value.Contains('"', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The value of label '{label.Key}' contains '\"', which batched records cannot carry (values with commas are quoted); write this record on its own.",
                    paramName);
            }

            if (label.Value.Length == 0)
            {
                throw new ArgumentException(
                    $"Label '{label.Key}' has an empty value, which the batch protocol v2 reads as \"remove the label\"; leave the label out or write this record on its own.",
                    paramName);
            }
        }
    }
}
