namespace Reduct.Client.Protocol;

/// <summary>The headers and body order of one batch request, and what is needed to map its errors back to records.</summary>
internal sealed class EncodedBatchRequest
{
    /// <summary>The batch headers, in the order they are sent.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>The records in body order.</summary>
    public required ArraySegment<PendingRecord> Records { get; init; }

    /// <summary>Sum of the record lengths: the request's Content-Length.</summary>
    public required long BodyLength { get; init; }

    /// <summary>v2: the entry index in a header name to the batch's own entry index; v1: one item, the entry.</summary>
    public required int[] EntryIndexes { get; init; }

    /// <summary>v2: the base of the time deltas; v1: 0.</summary>
    public required ulong StartTimestamp { get; init; }

    /// <summary>Bytes of the batch headers on the wire, for statistics and limits.</summary>
    public int HeaderBytes
    {
        get
        {
            int total = 0;
            foreach (KeyValuePair<string, string> header in Headers)
            {
                total += header.Key.Length + 2 + header.Value.Length + 2;
            }

            return total;
        }
    }
}
