using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>
/// The labels of a record: names mapped to text values, checked as they are added so that bad input never
/// reaches the network.
/// </summary>
/// <remarks>
/// Names may contain only lower-case ASCII letters, digits, <c>_</c> and <c>-</c>: the names every ReductStore
/// transport keeps as they are and reads back safely. Values are printable ASCII (space included, no leading or
/// trailing whitespace) because they travel in HTTP headers. Numbers and booleans are formatted with the
/// invariant culture (<c>0.9</c>, <c>true</c>); see <see cref="LabelValue"/>.
/// <code>
/// var labels = new Labels { ["score"] = 0.9, ["camera"] = "front", ["ok"] = true };
/// </code>
/// A <c>Dictionary&lt;string, string&gt;</c> or <c>Dictionary&lt;string, object&gt;</c> converts implicitly; any other
/// collection of pairs goes through a constructor.
/// </remarks>
public sealed class Labels : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> _values;

    // A frozen copy handed to batches; reused until the labels change, so a record added with the same
    // labels as the previous one costs no copy and its batch can tell the labels are unchanged by reference.
    private Dictionary<string, string>? _snapshot;

    // True once the current snapshot passed the batch rules, so that records added with unchanged labels skip them.
    private bool _snapshotFitsBatches;

    /// <summary>Creates an empty label set.</summary>
    public Labels() => _values = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Creates a label set from existing name/value pairs, checking each.</summary>
    /// <exception cref="ArgumentException">A name or value is not allowed.</exception>
    public Labels(IEnumerable<KeyValuePair<string, string>> labels)
        : this()
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (KeyValuePair<string, string> label in labels)
        {
            this[label.Key] = label.Value;
        }
    }

    /// <summary>
    /// Creates a label set from name/value pairs whose values are objects, such as a
    /// <c>Dictionary&lt;string, object&gt;</c>. Each value is formatted as its own type's conversion to
    /// <see cref="LabelValue"/> would (a string as it is, <c>true</c> as <c>"true"</c>, <c>0.9</c> as <c>"0.9"</c>).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A name is not allowed, or a value is null, not a string, <see cref="bool"/> or number (the message names the
    /// label and the type), not finite, or not allowed as text.
    /// </exception>
    public Labels(IEnumerable<KeyValuePair<string, object>> labels)
        : this()
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (KeyValuePair<string, object> label in labels)
        {
            this[label.Key] = LabelValue.FromObject(label.Key, label.Value, nameof(labels));
        }
    }

    /// <summary>
    /// Converts a dictionary of text values, so that one can be given wherever labels are expected; null stays null.
    /// Other collections of pairs (an <see cref="IReadOnlyDictionary{TKey, TValue}"/>, for example) go through
    /// <see cref="Labels(IEnumerable{KeyValuePair{string, string}})"/>: C# has no implicit conversions from interfaces.
    /// </summary>
    /// <exception cref="ArgumentException">A name or value is not allowed.</exception>
    [return: NotNullIfNotNull(nameof(labels))]
    public static implicit operator Labels?(Dictionary<string, string>? labels) => labels is null ? null : new Labels(labels);

    /// <summary>
    /// Converts a dictionary of object values, formatted as <see cref="Labels(IEnumerable{KeyValuePair{string, object}})"/>
    /// describes, so that one can be given wherever labels are expected; null stays null.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not allowed, or a value is not a label value (the message names the label and the type).</exception>
    [return: NotNullIfNotNull(nameof(labels))]
    public static implicit operator Labels?(Dictionary<string, object>? labels) => labels is null ? null : new Labels(labels);

    /// <summary>Gets or sets a label. Setting an existing name replaces its value.</summary>
    /// <exception cref="ArgumentException">The name or value is not allowed.</exception>
    public LabelValue this[string name]
    {
        get => new(_values[name]);
        set
        {
            NameRules.ValidateLabelName(name, nameof(name));
            string text = value.Text;
            HeaderValueRules.ValidateLabelValue(name, text, nameof(value));
            _values[name] = text;
            _snapshot = null;
            _snapshotFitsBatches = false;
        }
    }

    string IReadOnlyDictionary<string, string>.this[string key] => _values[key];

    /// <summary>Adds a label.</summary>
    /// <exception cref="ArgumentException">The name is already present, or the name or value is not allowed.</exception>
    public void Add(string name, LabelValue value)
    {
        if (_values.ContainsKey(name))
        {
            throw new ArgumentException($"Label '{name}' was already added.", nameof(name));
        }

        this[name] = value;
    }

    /// <summary>Removes a label; returns false when it was not present.</summary>
    public bool Remove(string name)
    {
        _snapshot = null;
        _snapshotFitsBatches = false;
        return _values.Remove(name);
    }

    /// <summary>A copy of the labels that later changes do not affect, shared until the labels change.</summary>
    internal Dictionary<string, string> Snapshot() => _snapshot ??= new Dictionary<string, string>(_values, StringComparer.Ordinal);

    /// <summary>True when the current <see cref="Snapshot"/> was checked against the batch rules and passed.</summary>
    internal bool SnapshotFitsBatches
    {
        get => _snapshotFitsBatches && _snapshot is not null;
        set => _snapshotFitsBatches = value;
    }

    /// <summary>The number of labels.</summary>
    public int Count => _values.Count;

    /// <summary>The label names.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>The label values as sent.</summary>
    public IEnumerable<string> Values => _values.Values;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
