namespace Reduct.Client.Protocol;

/// <summary>The headers of one label-update or removal request, and what is needed to map its errors back to records.</summary>
internal sealed class EncodedChangeRequest
{
    /// <summary>The batch headers, in the order they are sent.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>v2: the entry index in a header name to the call's own entry index; v1: one item, the entry.</summary>
    public required int[] EntryIndexes { get; init; }

    /// <summary>v2: the base of the time deltas; v1: 0.</summary>
    public required ulong StartTimestamp { get; init; }
}
