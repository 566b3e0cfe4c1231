using System.Globalization;
using System.Text;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Querying;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// Headers of a v2 batched read. Each record's value is built when it arrives, against the previous record of the same
/// entry in this response: <c>LEN</c>, <c>LEN,CT</c>, <c>LEN,,DELTA</c> or <c>LEN,CT,DELTA</c>, where the delta
/// lists <c>IDX=VALUE</c> for each label that changed (<c>IDX=</c> when removed or empty) in index order; the first
/// record of an entry carries its content type and all its labels. Label names get indexes as records arrive; names
/// a record brings in together get them in the order the record's labels were written. At the end the entries are
/// numbered by their earliest timestamp (ties by arrival) and the body is entry-major, then time.
/// </summary>
internal sealed class BatchV2ReadEncoder : IBatchReadEncoder
{
    private readonly List<string> _entries = [];
    private readonly Dictionary<string, int> _entryIndexes = new(StringComparer.Ordinal);
    private readonly List<string> _labelNames = [];
    private readonly Dictionary<string, int> _labelIndexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueryRecord> _previous = new(StringComparer.Ordinal);
    private readonly List<(int Entry, string Value, QueryRecord Record)> _records = [];
    private ulong _startTs = ulong.MaxValue;
    private long _headerBytes;

    public int Count => _records.Count;

    public long BodyBytes { get; private set; }

    public long Add(QueryRecord record)
    {
        if (!_entryIndexes.TryGetValue(record.Entry, out var entry))
        {
            entry = _entries.Count;
            _entries.Add(record.Entry);
            _entryIndexes[record.Entry] = entry;
        }

        _previous.TryGetValue(record.Entry, out var previous);
        _records.Add((entry, FormatValue(record, previous), record));
        _previous[record.Entry] = record;
        BodyBytes += record.Record.Length;

        // Like the server: every record's header with the current start and the arrival indexes; all of them change
        // only when a record older than the start arrives.
        if (record.Timestamp < _startTs)
        {
            _startTs = record.Timestamp;
            _headerBytes = 0;
            foreach (var item in _records)
            {
                _headerBytes += MeasureHeader(item);
            }
        }
        else
        {
            _headerBytes += MeasureHeader(_records[^1]);
        }

        return _headerBytes;
    }

    private long MeasureHeader((int Entry, string Value, QueryRecord Record) item) =>
        HeaderName(item.Entry, item.Record.Timestamp - _startTs).Length + Encoding.UTF8.GetByteCount(item.Value) + 2;

    public (IReadOnlyList<KeyValuePair<string, string>> Headers, IReadOnlyList<QueryRecord> Body) Finish()
    {
        var first = new ulong[_entries.Count];
        Array.Fill(first, ulong.MaxValue);
        foreach (var (index, _, record) in _records)
        {
            first[index] = Math.Min(first[index], record.Timestamp);
        }

        var order = Enumerable.Range(0, _entries.Count).OrderBy(i => first[i]).ThenBy(i => i).ToArray();
        var renumbered = new int[_entries.Count];
        for (var i = 0; i < order.Length; i++)
        {
            renumbered[order[i]] = i;
        }

        var start = _records.Count == 0 ? 0 : _startTs;
        var headers = new List<KeyValuePair<string, string>>
        {
            new(ReductHeaders.Entries, string.Join(',', order.Select(i => HeaderValuePercentEncoding.Encode(_entries[i])))),
            new(ReductHeaders.StartTs, start.ToString(CultureInfo.InvariantCulture)),
        };
        if (_labelNames.Count > 0)
        {
            headers.Add(new(ReductHeaders.Labels, string.Join(',', _labelNames.Select(HeaderValuePercentEncoding.Encode))));
        }

        var body = _records.OrderBy(r => renumbered[r.Entry]).ThenBy(r => r.Record.Timestamp).ToList();
        foreach (var (index, value, record) in body)
        {
            headers.Add(new(HeaderName(renumbered[index], record.Timestamp - start), value));
        }

        return (headers, body.Select(r => r.Record).ToList());
    }

    private static string HeaderName(int entry, ulong delta) =>
        string.Create(CultureInfo.InvariantCulture, $"{ReductHeaders.Prefix}{entry}-{delta}");

    private string FormatValue(QueryRecord record, QueryRecord? previous)
    {
        foreach (var name in record.Labels.Keys)
        {
            if (!_labelIndexes.ContainsKey(name))
            {
                _labelIndexes[name] = _labelNames.Count;
                _labelNames.Add(name);
            }
        }

        var changes = new SortedDictionary<int, string>();
        foreach (var (name, value) in record.Labels)
        {
            if (previous is null || !previous.Labels.TryGetValue(name, out var before) || before != value)
            {
                changes[_labelIndexes[name]] = value;
            }
        }

        foreach (var name in previous?.Labels.Keys ?? [])
        {
            if (!record.Labels.ContainsKey(name))
            {
                changes[_labelIndexes[name]] = string.Empty;
            }
        }

        var contentType = record.Record.ContentType;
        var builder = new StringBuilder();
        builder.Append(record.Record.Length.ToString(CultureInfo.InvariantCulture));
        var typeChanged = previous is null || previous.Record.ContentType != contentType;
        if (typeChanged || changes.Count > 0)
        {
            builder.Append(',').Append(typeChanged ? contentType : string.Empty);
        }

        var separator = ',';
        foreach (var (index, value) in changes)
        {
            builder.Append(separator).Append(index.ToString(CultureInfo.InvariantCulture)).Append('=');
            builder.Append(value.Contains(',', StringComparison.Ordinal) ? "\"" + value + "\"" : value);
        }

        return builder.ToString();
    }
}
