namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// What a label update does to one record: labels to set or overwrite, and names to remove. Labels it does not
/// mention stay as they are.
/// </summary>
/// <param name="Set">Labels to set, by name.</param>
/// <param name="Remove">Names of labels to remove; a name that the record does not have is ignored.</param>
internal sealed record LabelChange(IReadOnlyDictionary<string, string> Set, IReadOnlySet<string> Remove)
{
    /// <summary>
    /// Reads the operations of every update route: a name with a value sets the label, a name with an empty
    /// value removes it.
    /// </summary>
    public static LabelChange FromOperations(IReadOnlyDictionary<string, string> operations)
    {
        var set = new Dictionary<string, string>(operations.Count, StringComparer.Ordinal);
        var remove = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in operations)
        {
            if (value.Length == 0)
            {
                remove.Add(name);
            }
            else
            {
                set[name] = value;
            }
        }

        return new LabelChange(set, remove);
    }

    /// <summary>
    /// The labels of a record after the change: its own in their order, updated or left out, then the new ones in
    /// the order of the change, as the real server keeps them.
    /// </summary>
    public Dictionary<string, string> ApplyTo(IReadOnlyDictionary<string, string> labels)
    {
        var result = new Dictionary<string, string>(labels.Count + Set.Count, StringComparer.Ordinal);
        foreach (var (name, value) in labels)
        {
            if (!Remove.Contains(name))
            {
                result[name] = Set.TryGetValue(name, out var updated) ? updated : value;
            }
        }

        foreach (var (name, value) in Set)
        {
            result.TryAdd(name, value);
        }

        return result;
    }
}
