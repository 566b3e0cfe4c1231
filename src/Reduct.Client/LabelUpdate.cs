using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>
/// A change to the labels of a stored record: labels to set (added, or overwritten when present) and names of labels
/// to remove. Labels it does not mention keep their values; the record's body and content type never change.
/// </summary>
/// <remarks>
/// <code>
/// await bucket.UpdateLabelsAsync("images", timestamp, new LabelUpdate
/// {
///     Labels = { ["reviewed"] = true, ["score"] = 0.8 },
///     LabelsToRemove = { "draft" },
/// });
/// </code>
/// The update is read when a call takes it, so it may be changed or reused afterwards. Label names and values
/// follow the rules of <see cref="T:Reduct.Client.Labels"/>; a value to set must not be empty (on the wire an empty value
/// removes the label: name it in <see cref="LabelsToRemove"/> instead). Removing a label the record does not have
/// is not an error.
/// </remarks>
public sealed class LabelUpdate
{
    /// <summary>Creates an empty update; fill <see cref="Labels"/> and <see cref="LabelsToRemove"/>.</summary>
    public LabelUpdate()
    {
    }

    /// <summary>Creates an update that sets <paramref name="labels"/> and removes <paramref name="labelsToRemove"/>.</summary>
    /// <param name="labels">Labels to set; copied.</param>
    /// <param name="labelsToRemove">Names of labels to remove, or null.</param>
    /// <exception cref="ArgumentException">A name or value is not allowed.</exception>
    public LabelUpdate(IEnumerable<KeyValuePair<string, string>> labels, IEnumerable<string>? labelsToRemove = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Labels = new Labels(labels);
        if (labelsToRemove is not null)
        {
            LabelsToRemove.UnionWith(labelsToRemove);
        }
    }

    /// <summary>Labels to set: added to the record, or overwriting a label of the same name.</summary>
    public Labels Labels { get; } = new();

    /// <summary>Names of labels to remove from the record.</summary>
    public ISet<string> LabelsToRemove { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The update as the wire carries it: each label to set with its value, then each label to remove with an empty
    /// value. Checked here, so that a bad update fails before anything is sent.
    /// </summary>
    /// <param name="forBatch">True when the update travels inside a batch header, where a value cannot hold <c>"</c>.</param>
    /// <param name="paramName">The argument the update came in.</param>
    /// <exception cref="ArgumentException">A value is empty or (in a batch) holds <c>"</c>, a name to remove is not a label name, or a name is both set and removed.</exception>
    internal Dictionary<string, string> ToOperations(bool forBatch, string paramName)
    {
        var operations = new Dictionary<string, string>(Labels.Count + LabelsToRemove.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> label in Labels)
        {
            if (label.Value.Length == 0)
            {
                throw new ArgumentException(
                    $"Label '{label.Key}' has an empty value, which the server reads as \"remove the label\"; add its name to LabelsToRemove instead.",
                    paramName);
            }

            if (forBatch)
            {
                LabelEncoding.ValidateBatchValue(label.Key, label.Value, paramName);
            }

            operations.Add(label.Key, label.Value);
        }

        foreach (string name in LabelsToRemove)
        {
            NameRules.ValidateLabelName(name, paramName);
            if (!operations.TryAdd(name, string.Empty))
            {
                throw new ArgumentException($"Label '{name}' is both set and removed by the update; do one or the other.", paramName);
            }
        }

        return operations;
    }
}
