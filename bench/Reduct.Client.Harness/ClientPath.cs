namespace Reduct.Client.Harness;

/// <summary>How records travel: the write APIs, grouped by the request they produce, and the query that reads them back.</summary>
internal enum ClientPath
{
    /// <summary>One POST per record, labels in <c>x-reduct-label-*</c> headers.</summary>
    Single,

    /// <summary>Batch protocol v1: one entry per request, <c>x-reduct-time-*</c> headers.</summary>
    BatchV1,

    /// <summary>Batch protocol v2: many entries per request, delta-encoded headers.</summary>
    BatchV2,

    /// <summary>Reduct.Client's background <see cref="IngestionWriter"/> (v2 requests).</summary>
    Writer,

    /// <summary>One POST per record with the body streamed from chunks.</summary>
    Stream,

    /// <summary>
    /// Reading one entry back: a query, then its batches (GET), each body streamed from the response. The records are
    /// written by the harness before the client starts.
    /// </summary>
    Query,
}
