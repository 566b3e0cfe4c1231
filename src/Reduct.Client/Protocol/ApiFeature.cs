using System.Globalization;

namespace Reduct.Client.Protocol;

/// <summary>
/// A part of the API that appeared in a later server version (protocol spec §10, §13), and the error of a call
/// that needs it on an older server: the client refuses such a call before anything is sent, since an older
/// server routes it nowhere (405) or, for the removal of one record, to the removal of the whole entry.
/// </summary>
/// <param name="Description">What the call does, as the start of a sentence ("Updating labels").</param>
/// <param name="SinceMinor">The API minor version (of major 1) that brought it.</param>
internal readonly record struct ApiFeature(string Description, int SinceMinor)
{
    /// <summary><c>PATCH</c> of one record or of a v1 batch: API 1.11.</summary>
    public static readonly ApiFeature LabelUpdates = new("Updating labels", 11);

    /// <summary><c>DELETE</c> of one record or of a v1 batch: API 1.12 (before it, the record route removed the entry).</summary>
    public static readonly ApiFeature RecordRemoval = new("Removing records by timestamp", 12);

    /// <summary><c>PUT .../rename</c> of an entry or a bucket: API 1.12.</summary>
    public static readonly ApiFeature Renames = new("Renaming entries and buckets", 12);

    /// <summary>Batch protocol v2 (<c>/io/{bucket}/write|update|remove</c>), many entries per request: API 1.18.</summary>
    public static readonly ApiFeature BatchProtocolV2 = new("Batch protocol v2", 18);

    /// <summary>Queries created with a JSON body, which carries conditions (<c>POST /b/{bucket}/{entry}/q</c>): API 1.13.</summary>
    public static readonly ApiFeature JsonQueries = new("A query", 13);

    /// <summary>Queries over many entries through the I/O API (<c>POST /io/{bucket}/q</c>, <c>GET /io/{bucket}/read</c>): API 1.18.</summary>
    public static readonly ApiFeature MultiEntryQueries = new("A query over many entries in one request", 18);

    /// <summary>Request bodies sent with <c>Content-Encoding: gzip</c> or <c>zstd</c>, decoded by the server: API 1.21.</summary>
    public static readonly ApiFeature CompressedBodies = new("Compressed request bodies", 21);

    /// <summary>Replication tasks (<c>/api/v1/replications</c>): API 1.8.</summary>
    public static readonly ApiFeature ReplicationTasks = new("Managing replication tasks", 8);

    /// <summary>Replication modes (<c>PATCH /replications/{name}/mode</c>, <c>mode</c> in the settings): API 1.18.</summary>
    public static readonly ApiFeature ReplicationModes = new("A replication mode", 18);

    /// <summary><c>dst_prefix</c> in replication settings: API 1.21.</summary>
    public static readonly ApiFeature ReplicationDestinationPrefix = new("A replication destination prefix", 21);

    /// <summary><c>compression</c> in replication settings: API 1.21.</summary>
    public static readonly ApiFeature ReplicationCompression = new("Replication compression", 21);

    /// <summary>Attachments of an entry (records of its <c>$meta</c> entry): API 1.19.</summary>
    public static readonly ApiFeature Attachments = new("Attachments", 19);

    /// <summary>The lifecycle API (<c>/api/v1/lifecycles</c>): API 1.20.</summary>
    public static readonly ApiFeature Lifecycles = new("Lifecycle policies", 20);

    /// <summary>The <c>processing_interval</c> of lifecycle settings: API 1.21.</summary>
    public static readonly ApiFeature LifecycleProcessingInterval = new("A lifecycle policy's processing interval", 21);

    /// <summary>Token expiry (<c>expires_at</c>), inactivity TTL and IP allowlists in <c>POST /tokens/{name}</c>: API 1.19.</summary>
    public static readonly ApiFeature TokenLifetime = new("A token with a TTL, an expiry date or an IP allowlist", 19);

    /// <summary><c>POST /tokens/{name}/rotate</c>: API 1.19.</summary>
    public static readonly ApiFeature TokenRotation = new("Rotating a token", 19);

    /// <summary>Query links (<c>POST /links/{file_name}</c>): API 1.17.</summary>
    public static readonly ApiFeature QueryLinks = new("A query link", 17);

    /// <summary>The error of a call that needs this feature on a server whose API is <paramref name="serverApi"/>.</summary>
    public ReductException Refusal(Version serverApi) => new(
        ReductException.NotSupportedByServer,
        string.Create(CultureInfo.InvariantCulture,
            $"{Description} needs ReductStore API 1.{SinceMinor} or newer; the server speaks API {serverApi.Major}.{serverApi.Minor}. Nothing was sent."));
}
