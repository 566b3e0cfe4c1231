using System.Globalization;

namespace Reduct.Client.Protocol;

/// <summary>The paths of the record requests, relative to the API root <c>/api/v1/</c> (spec §1, §6).</summary>
internal static class RequestPaths
{
    /// <summary>One record of an entry: written with POST, read with GET, its labels updated with PATCH, removed with DELETE.</summary>
    public static string Record(string bucket, string entry, ReductTimestamp timestamp) =>
        string.Create(CultureInfo.InvariantCulture, $"b/{bucket}/{entry}?ts={timestamp.Microseconds}");

    /// <summary>
    /// The batch protocol v1 route of one entry: records written with POST, labels updated with PATCH, records removed
    /// with DELETE.
    /// </summary>
    public static string BatchV1Write(string bucket, string entry) => $"b/{bucket}/{entry}/batch";

    /// <summary>A batch protocol v2 write: records of any entries of the bucket (API 1.18 and newer).</summary>
    public static string BatchV2Write(string bucket) => $"io/{bucket}/write";

    /// <summary>A batch protocol v2 label update: records of any entries of the bucket (PATCH, API 1.18 and newer).</summary>
    public static string BatchV2Update(string bucket) => $"io/{bucket}/update";

    /// <summary>A batch protocol v2 removal: records of any entries of the bucket (DELETE, API 1.18 and newer).</summary>
    public static string BatchV2Remove(string bucket) => $"io/{bucket}/remove";

    /// <summary>
    /// An entry, removed with DELETE together with its sub-entries. Never with a query string: any query string
    /// makes the server remove one record instead.
    /// </summary>
    public static string Entry(string bucket, string entry) => $"b/{bucket}/{entry}";

    /// <summary>An entry's rename (PUT, API 1.12 and newer).</summary>
    public static string EntryRename(string bucket, string entry) => $"b/{bucket}/{entry}/rename";

    /// <summary>A bucket's rename (PUT, API 1.12 and newer).</summary>
    public static string BucketRename(string bucket) => $"b/{bucket}/rename";

    /// <summary>A bucket: its info (GET), creation (POST), settings (PUT), removal (DELETE), existence (HEAD).</summary>
    public static string Bucket(string bucket) => "b/" + bucket;

    /// <summary>The latest record of an entry (GET, HEAD).</summary>
    public static string LatestRecord(string bucket, string entry) => $"b/{bucket}/{entry}";

    /// <summary>A batch protocol v1 query over one entry (POST with a JSON body, API 1.13 and newer).</summary>
    public static string QueryV1(string bucket, string entry) => $"b/{bucket}/{entry}/q";

    /// <summary>The next batch of a v1 query (GET; HEAD for metadata only).</summary>
    public static string BatchReadV1(string bucket, string entry, ulong queryId) =>
        string.Create(CultureInfo.InvariantCulture, $"b/{bucket}/{entry}/batch?q={queryId}");

    /// <summary>A batch protocol v2 query over entries of a bucket (POST, API 1.18 and newer).</summary>
    public static string QueryV2(string bucket) => $"io/{bucket}/q";

    /// <summary>The next batch of a v2 query (GET; HEAD for metadata only), whose id travels in a header.</summary>
    public static string ReadV2(string bucket) => $"io/{bucket}/read";
}
