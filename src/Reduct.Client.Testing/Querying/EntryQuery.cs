namespace Reduct.Client.Testing.Querying;

/// <summary>A protocol v1 query: one entry, read with <c>/b/{bucket}/{entry}/batch?q=</c> or <c>?q=</c>.</summary>
internal sealed class EntryQuery : RegisteredQuery
{
    private readonly EntryCursor _cursor;

    public EntryQuery(ulong id, EntryCursor cursor, QuerySettings settings, DateTimeOffset now)
        : base(id, cursor.Bucket, settings, now)
    {
        _cursor = cursor;
    }

    public string Entry => _cursor.Entry;

    public override CursorStep Next(out QueryRecord? record) => _cursor.Next(out record);
}
