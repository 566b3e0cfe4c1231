namespace Reduct.Client.Testing.Querying;

/// <summary>
/// A protocol v2 query: one sub-query per selected entry, each with its own copy of the condition, merged by
/// timestamp (ties by entry name). Read with <c>/io/{bucket}/read</c>.
/// </summary>
internal sealed class BucketQuery : RegisteredQuery
{
    private readonly EntryCursor[] _cursors;
    private readonly QueryRecord?[] _pending;
    private readonly bool[] _ended;

    public BucketQuery(ulong id, string bucket, IReadOnlyList<EntryCursor> cursors, QuerySettings settings, DateTimeOffset now)
        : base(id, bucket, settings, now)
    {
        _cursors = cursors.OrderBy(c => c.Entry, StringComparer.Ordinal).ToArray();
        _pending = new QueryRecord?[_cursors.Length];
        _ended = new bool[_cursors.Length];
    }

    public IEnumerable<string> Entries => _cursors.Select(c => c.Entry);

    public override CursorStep Next(out QueryRecord? record)
    {
        record = null;
        var dry = false;
        var best = -1;
        for (var i = 0; i < _cursors.Length; i++)
        {
            if (_pending[i] is null && !_ended[i])
            {
                switch (_cursors[i].Next(out var next))
                {
                    case CursorStep.Record:
                        _pending[i] = next;
                        break;
                    case CursorStep.End:
                        _ended[i] = true;
                        break;
                    default:
                        dry = true;
                        break;
                }
            }

            if (_pending[i] is { } candidate && (best < 0 || candidate.Timestamp < _pending[best]!.Timestamp))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            return dry ? CursorStep.Dry : CursorStep.End;
        }

        record = _pending[best];
        _pending[best] = null;
        return CursorStep.Record;
    }
}
