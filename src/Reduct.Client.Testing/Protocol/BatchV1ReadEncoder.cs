using System.Globalization;
using System.Text;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Querying;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// Record headers of a v1 batched read: <c>x-reduct-time-&lt;TS&gt;: &lt;LEN&gt;,&lt;CT&gt;[,name=value]*</c>, the
/// content type always present, the labels sorted as whole <c>name=value</c> texts, a value quoted only when it has
/// a comma, and nothing escaped. The body is the records in time order.
/// </summary>
internal sealed class BatchV1ReadEncoder : IBatchReadEncoder
{
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private readonly List<QueryRecord> _records = [];
    private long _headerBytes;

    public int Count => _records.Count;

    public long BodyBytes { get; private set; }

    public long Add(QueryRecord record)
    {
        var name = ReductHeaders.TimePrefix + record.Timestamp.ToString(CultureInfo.InvariantCulture);
        var value = FormatValue(record);
        _headers.Add(new(name, value));
        _records.Add(record);
        BodyBytes += record.Record.Length;
        _headerBytes += name.Length + Encoding.UTF8.GetByteCount(value) + 2;
        return _headerBytes;
    }

    public (IReadOnlyList<KeyValuePair<string, string>> Headers, IReadOnlyList<QueryRecord> Body) Finish() => (_headers, _records);

    public static string FormatValue(QueryRecord record)
    {
        var labels = record.Labels
            .Select(l => l.Value.Contains(',', StringComparison.Ordinal) ? $"{l.Key}=\"{l.Value}\"" : $"{l.Key}={l.Value}")
            .Order(StringComparer.Ordinal);
        var builder = new StringBuilder();
        builder.Append(record.Record.Length.ToString(CultureInfo.InvariantCulture)).Append(',').Append(record.Record.ContentType);
        foreach (var label in labels)
        {
            builder.Append(',').Append(label);
        }

        return builder.ToString();
    }
}
