using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Querying;

/// <summary>
/// Walks one entry's committed records in time order from a start, through its filters. A historical cursor ends at
/// its stop; a continuous one has no upper bound and reports <see cref="CursorStep.Dry"/> until new records come.
/// Records are read from storage in chunks as the cursor goes, so what is written meanwhile is seen if the cursor has
/// not passed its time.
/// </summary>
internal sealed class EntryCursor
{
    private const int ScanChunk = 256;

    private readonly StorageEngine _engine;
    private readonly EntryFilters _filters;
    private readonly IReadOnlyList<string>? _selectLabels;
    private readonly Queue<StoredRecord> _buffer = new();
    private readonly ulong _through;
    private ulong _next;
    private bool _scannedAll;
    private bool _finished;

    /// <param name="engine">Storage.</param>
    /// <param name="bucket">Bucket name.</param>
    /// <param name="entry">Entry name.</param>
    /// <param name="start">First timestamp, inclusive.</param>
    /// <param name="stop">Exclusive end; null for a continuous cursor.</param>
    /// <param name="filters">The entry's own filters.</param>
    /// <param name="selectLabels">The labels to return, or null for all.</param>
    public EntryCursor(StorageEngine engine, string bucket, string entry, ulong start, ulong? stop, EntryFilters filters, IReadOnlyList<string>? selectLabels)
    {
        _engine = engine;
        Bucket = bucket;
        Entry = entry;
        IsContinuous = stop is null;
        _next = start;
        _through = stop is { } end ? end - 1 : ulong.MaxValue;
        _scannedAll = stop == 0 || stop <= start;
        _filters = filters;
        _selectLabels = selectLabels;
    }

    public string Bucket { get; }

    public string Entry { get; }

    public bool IsContinuous { get; }

    /// <summary>The next record that passes the filters.</summary>
    /// <exception cref="Http.ReductErrorException">The entry is gone (404), or a strict condition failed; the cursor then ends.</exception>
    public CursorStep Next(out QueryRecord? record)
    {
        record = null;
        if (_finished)
        {
            return CursorStep.End;
        }

        try
        {
            while (true)
            {
                if (_buffer.Count == 0 && !Fill())
                {
                    if (IsContinuous)
                    {
                        return CursorStep.Dry;
                    }

                    _finished = true;
                    return CursorStep.End;
                }

                var candidate = _buffer.Dequeue();
                switch (_filters.Apply(candidate))
                {
                    case FilterVerdict.Skip:
                        continue;
                    case FilterVerdict.Stop:
                        _finished = true;
                        return CursorStep.End;
                    case FilterVerdict.KeepLast:
                        _finished = true;
                        break;
                }

                record = new QueryRecord(candidate, SelectLabels(candidate.Labels));
                return CursorStep.Record;
            }
        }
        catch (Http.ReductErrorException)
        {
            _finished = true;
            throw;
        }
    }

    private bool Fill()
    {
        if (_scannedAll)
        {
            return false;
        }

        var records = _engine.ScanCommitted(Bucket, Entry, _next, _through, ScanChunk);
        if (records.Count == 0)
        {
            // A continuous cursor looks again from the same place next time.
            _scannedAll = !IsContinuous;
            return false;
        }

        foreach (var record in records)
        {
            _buffer.Enqueue(record);
        }

        var last = records[^1].Timestamp;
        _scannedAll = last == ulong.MaxValue || last >= _through;
        _next = last + 1;
        return true;
    }

    private IReadOnlyDictionary<string, string> SelectLabels(IReadOnlyDictionary<string, string> labels)
    {
        if (_selectLabels is null)
        {
            return labels;
        }

        var selected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in labels)
        {
            if (_selectLabels.Contains(name, StringComparer.Ordinal))
            {
                selected[name] = value;
            }
        }

        return selected;
    }
}
