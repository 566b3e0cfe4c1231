using System.Globalization;

namespace Reduct.Client.Protocol;

/// <summary>
/// Reads the per-record error headers of a batch response (spec §1.6):
/// <c>x-reduct-error-&lt;TS&gt;</c> (v1) or <c>x-reduct-error-&lt;I&gt;-&lt;D&gt;</c> (v2), valued <c>&lt;STATUS&gt;,&lt;MESSAGE&gt;</c>.
/// </summary>
internal static class BatchErrorParser
{
    public const string ErrorHeaderPrefix = "x-reduct-error-";

    /// <summary>Splits <c>STATUS,MESSAGE</c> at the first comma only: messages may contain commas.</summary>
    public static ReductException ParseValue(string value)
    {
        int comma = value.IndexOf(',', StringComparison.Ordinal);
        ReadOnlySpan<char> statusText = (comma < 0 ? value : value.AsSpan(0, comma)).Trim();
        string message = comma < 0 ? string.Empty : value[(comma + 1)..];
        if (!int.TryParse(statusText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int status))
        {
            // Keep the record reported as failed even when the server's text is not understood.
            return new ReductException(500, $"Unreadable per-record error '{value}'");
        }

        // Internal server codes below zero are mapped to 500 at request level; do the same per record.
        return new ReductException(status < 0 ? 500 : status, message);
    }

    /// <summary>Reads a v1 error header name; false for any other header.</summary>
    public static bool TryParseV1Name(string headerName, out ulong timestamp)
    {
        timestamp = 0;
        return headerName.StartsWith(ErrorHeaderPrefix, StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(headerName.AsSpan(ErrorHeaderPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out timestamp);
    }

    /// <summary>Reads a v2 error header name; false for any other header.</summary>
    public static bool TryParseV2Name(string headerName, out int entryIndex, out ulong delta)
    {
        entryIndex = 0;
        delta = 0;
        if (!headerName.StartsWith(ErrorHeaderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        ReadOnlySpan<char> rest = headerName.AsSpan(ErrorHeaderPrefix.Length);
        int dash = rest.IndexOf('-');
        return dash > 0
            && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out entryIndex)
            && ulong.TryParse(rest[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out delta);
    }

    /// <summary>
    /// Maps a header of a batch response to the record it reports an error for; false for any other header, and for
    /// an error header that names no record of the request.
    /// </summary>
    /// <param name="headerName">The response header's name.</param>
    /// <param name="v2">True when the request used batch protocol v2.</param>
    /// <param name="entries">Entry names by the records' entry index.</param>
    /// <param name="request">The request the response answers.</param>
    /// <param name="key">The record's entry and timestamp.</param>
    public static bool TryMapHeader(string headerName, bool v2, IReadOnlyList<string> entries, EncodedBatchRequest request, out RecordKey key) =>
        TryMapHeader(headerName, v2, entries, request.EntryIndexes, request.StartTimestamp, out key);

    /// <summary>
    /// Maps a header of a batch response to the record it reports an error for, from the request's entry indexes and
    /// start timestamp; false for any other header, and for an error header that names no record of the request.
    /// </summary>
    /// <param name="headerName">The response header's name.</param>
    /// <param name="v2">True when the request used batch protocol v2.</param>
    /// <param name="entries">Entry names by the records' entry index.</param>
    /// <param name="entryIndexes">v2: the entry index in a header name to the index into <paramref name="entries"/>; v1: one item, the entry.</param>
    /// <param name="startTimestamp">v2: the base of the time deltas.</param>
    /// <param name="key">The record's entry and timestamp.</param>
    public static bool TryMapHeader(string headerName, bool v2, IReadOnlyList<string> entries, int[] entryIndexes, ulong startTimestamp, out RecordKey key)
    {
        key = default;
        if (v2)
        {
            if (!TryParseV2Name(headerName, out int index, out ulong delta) || index >= entryIndexes.Length)
            {
                return false;
            }

            key = new RecordKey(entries[entryIndexes[index]], startTimestamp + delta);
            return true;
        }

        if (!TryParseV1Name(headerName, out ulong timestamp) || entryIndexes.Length == 0)
        {
            return false;
        }

        key = new RecordKey(entries[entryIndexes[0]], timestamp);
        return true;
    }
}
