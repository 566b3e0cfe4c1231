using System.Globalization;

namespace Reduct.Client.Testing.Hosting;

/// <summary>
/// The emulated server API version and the behaviour switches that depend on it. The API is <c>MAJOR.MINOR</c>; a patch
/// (the server release, default 0) matters only where a release changed behaviour within a minor version.
/// </summary>
internal readonly record struct ApiVersion(int Major, int Minor, int Patch = 0)
{
    /// <summary>Reads <c>MAJOR.MINOR</c> or <c>MAJOR.MINOR.PATCH</c>.</summary>
    public static ApiVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('.');
        var patch = 0;
        if (parts.Length is not (2 or 3)
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || (parts.Length == 3 && !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out patch)))
        {
            throw new ArgumentException($"API version must look like MAJOR.MINOR or MAJOR.MINOR.PATCH (for example 1.21 or 1.19.2), got '{text}'.");
        }

        return new ApiVersion(major, minor, patch);
    }

    /// <summary>The value of the <c>x-reduct-api</c> header.</summary>
    public string HeaderValue => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    /// <summary>The full server version (<c>Server</c> header, <c>GET /info</c>).</summary>
    public string ServerVersion => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    public bool IsAtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);

    /// <summary><c>license</c> in <c>GET /info</c> since 1.9 (commercial licences).</summary>
    public bool HasLicenseInInfo => IsAtLeast(1, 9);

    /// <summary>Replication tasks (<c>/replications</c>) appeared in 1.8.</summary>
    public bool HasReplications => IsAtLeast(1, 8);

    /// <summary>Replication modes (<c>PATCH /replications/{name}/mode</c>, <c>mode</c> in settings and info) appeared in 1.18.</summary>
    public bool HasReplicationModes => IsAtLeast(1, 18);

    /// <summary>Query links (<c>/links</c>) appeared in 1.17.</summary>
    public bool HasQueryLinks => IsAtLeast(1, 17);

    /// <summary>
    /// Query links name their record by entry and timestamp (<c>record_entry</c>, <c>record_timestamp</c>, required)
    /// since 1.19.2; 1.17 to 1.19.1 take the record's position in the query result (<c>index</c>).
    /// </summary>
    public bool HasQueryLinkRecordIdentity => Major > 1 || Minor > 19 || (Minor == 19 && Patch >= 2);

    /// <summary><c>base_url</c> in a query link's creation since 1.17.3.</summary>
    public bool HasQueryLinkBaseUrl => Major > 1 || Minor > 17 || (Minor == 17 && Patch >= 3);

    /// <summary>Lifecycle policies (<c>/lifecycles</c>) appeared in 1.20.</summary>
    public bool HasLifecycles => IsAtLeast(1, 20);

    /// <summary>Label updates (<c>PATCH</c> of one record and of a v1 batch) appeared in 1.11.</summary>
    public bool HasLabelUpdates => IsAtLeast(1, 11);

    /// <summary>Entry and bucket renames appeared in 1.12.</summary>
    public bool HasRenames => IsAtLeast(1, 12);

    /// <summary>Removal of records by timestamp (one record and a v1 batch) appeared in 1.12.</summary>
    public bool HasRecordRemoval => IsAtLeast(1, 12);

    /// <summary><c>/io/{bucket}/...</c> endpoints and <c>/ready</c> appeared in 1.18.</summary>
    public bool HasBatchProtocolV2 => IsAtLeast(1, 18);

    /// <summary><c>/ready</c> appeared together with protocol v2.</summary>
    public bool HasReadyEndpoint => IsAtLeast(1, 18);

    /// <summary>Bucket and entry info carry <c>status</c> since 1.18.</summary>
    public bool HasStatusInInfo => IsAtLeast(1, 18);

    /// <summary>Entry names with <c>/</c> and <c>$meta</c> attachments exist since 1.19.</summary>
    public bool HasHierarchicalEntries => IsAtLeast(1, 19);

    /// <summary>
    /// Token expiry (<c>expires_at</c>, <c>ttl</c>), IP allowlists and <c>POST /tokens/{name}/rotate</c>
    /// appeared in 1.19, and with them the extra fields of the Token object.
    /// </summary>
    public bool HasTokenLifetime => IsAtLeast(1, 19);

    /// <summary>Since 1.19 a missing bucket is reported per record in batches, not for the request.</summary>
    public bool ReportsMissingBucketPerRecord => IsAtLeast(1, 19);

    /// <summary>Since 1.19 an empty name in <c>x-reduct-entries</c> is rejected.</summary>
    public bool RejectsEmptyEntryNamesInBatch => IsAtLeast(1, 19);

    /// <summary><c>x-reduct-content-length</c> is accepted since 1.20.</summary>
    public bool AcceptsReductContentLength => IsAtLeast(1, 20);

    /// <summary><c>instance_name</c> and <c>instance_role</c> in <c>GET /info</c> since 1.21.</summary>
    public bool HasInstanceInfo => IsAtLeast(1, 21);

    /// <summary>Request bodies sent with <c>Content-Encoding: gzip</c> or <c>zstd</c> are decoded (1.21+).</summary>
    public bool DecodesRequestBodies => IsAtLeast(1, 21);
}
