using System.Collections;

namespace Reduct.Client;

/// <summary>
/// The answer to a batch write: every record that was not stored, with the reason (the dictionary itself), and the
/// records that were found already stored when the batch was sent again after a broken connection.
/// </summary>
/// <typeparam name="TKey">How a record is named: its timestamp (one entry) or a <see cref="RecordKey"/> (many entries).</typeparam>
/// <remarks>
/// <para>An empty dictionary means every record is stored. A record is in exactly one of three places: stored
/// (neither here nor in <see cref="AlreadyStored"/>), <see cref="AlreadyStored"/>, or failed (a key of this
/// dictionary).</para>
/// <para>When a connection breaks while a batch is being sent, the server keeps the records it finished and tells
/// nobody which they were (protocol spec §9). The client sends the records again; those the broken attempt stored
/// come back as <c>409 A record with timestamp ... already exists</c>, and are listed in <see cref="AlreadyStored"/>
/// rather than reported as failed. A 409 without a broken attempt before it is a real conflict and stays a failure.</para>
/// </remarks>
public sealed class BatchWriteResult<TKey> : IReadOnlyDictionary<TKey, ReductException>
    where TKey : notnull
{
    private readonly IReadOnlyDictionary<TKey, ReductException> _failures;

    internal BatchWriteResult(IReadOnlyDictionary<TKey, ReductException> failures, IReadOnlyCollection<TKey> alreadyStored)
    {
        _failures = failures;
        AlreadyStored = alreadyStored;
    }

    /// <summary>
    /// Records stored by an attempt whose connection broke off, recognised by a 409 on the retry. They are stored
    /// and not in the failures; a record with the same timestamp written earlier by someone else would look the
    /// same, so read it back where that matters.
    /// </summary>
    public IReadOnlyCollection<TKey> AlreadyStored { get; }

    /// <summary>The reason a record was not stored.</summary>
    /// <exception cref="KeyNotFoundException">The record was stored.</exception>
    public ReductException this[TKey key] => _failures[key];

    /// <summary>Records that were not stored.</summary>
    public IEnumerable<TKey> Keys => _failures.Keys;

    /// <summary>The reasons, in the order of <see cref="Keys"/>.</summary>
    public IEnumerable<ReductException> Values => _failures.Values;

    /// <summary>The number of records that were not stored.</summary>
    public int Count => _failures.Count;

    /// <summary>True when the record was not stored.</summary>
    public bool ContainsKey(TKey key) => _failures.ContainsKey(key);

    /// <summary>Gets the reason a record was not stored.</summary>
    public bool TryGetValue(TKey key, out ReductException value) => _failures.TryGetValue(key, out value!);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<TKey, ReductException>> GetEnumerator() => _failures.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One line: how many records were not stored (and the first reason), and how many were found already stored.</summary>
    public override string ToString()
    {
        if (_failures.Count == 0)
        {
            return $"BatchWriteResult {{ every record stored, AlreadyStored = {AlreadyStored.Count} }}";
        }

        KeyValuePair<TKey, ReductException> first = _failures.First();
        return $"BatchWriteResult {{ {_failures.Count} not stored, first {first.Key}: {first.Value.Message}, AlreadyStored = {AlreadyStored.Count} }}";
    }
}
