namespace Reduct.Client.Testing;

/// <summary>
/// Settings of a <see cref="ReductTestServer"/>. Every property mirrors a knob of the real
/// ReductStore server (environment variable in parentheses where there is one).
/// </summary>
public sealed class ReductTestServerOptions
{
    /// <summary>Address to listen on. An IP address, or <c>localhost</c> (bound to 127.0.0.1).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free ephemeral port (see <see cref="ReductTestServer.Url"/>).</summary>
    public int Port { get; set; }

    /// <summary>
    /// Path prefix of every route, like <c>RS_API_BASE_PATH</c>: <c>"reduct"</c> serves
    /// <c>/reduct/api/v1/...</c>. Leading and trailing slashes are optional.
    /// </summary>
    public string BasePath { get; set; } = "/";

    /// <summary>
    /// The full-access token named <c>init-token</c> (<c>RS_API_TOKEN</c>). <see langword="null"/>
    /// disables authentication: every request passes, with or without a token.
    /// </summary>
    public string? ApiToken { get; set; }

    /// <summary>
    /// Additional tokens, provisioned like <c>RS_TOKEN_*</c>: reported with <c>is_provisioned</c>,
    /// they cannot be removed or rotated through the API. Only used when <see cref="ApiToken"/> is set.
    /// </summary>
    public IList<ReductTestToken> Tokens { get; } = new List<ReductTestToken>();

    /// <summary>
    /// Buckets provisioned at start-up, like <c>RS_BUCKET_*_NAME</c>, with the default settings:
    /// created when missing, reported with <c>is_provisioned</c>, and their settings cannot be
    /// changed nor can they be removed or renamed through the API (409).
    /// </summary>
    public IList<string> ProvisionedBuckets { get; } = new List<string>();

    /// <summary>
    /// The clock behind token creation times, expiry (<c>expires_at</c> and <c>ttl</c>) and uptime.
    /// A test of expiry passes a provider it can move forward instead of waiting; the default is the
    /// system clock.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How long a replication task waits after its destination could not be reached before it tries again
    /// (<c>RS_REPLICATION_TIMEOUT</c>, 5 s on the real server). A test of a destination that comes back can
    /// shorten it.
    /// </summary>
    public TimeSpan ReplicationRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Folder that holds buckets and records (<c>RS_DATA_PATH</c>). <see langword="null"/> keeps
    /// everything in memory. A new server started on the same folder sees the data of the last one.
    /// </summary>
    public string? DataPath { get; set; }

    /// <summary>
    /// Parse and account for every body byte but keep only the metadata of a record (length,
    /// content type, labels and the SHA-256 of the body). Useful for large or long-running uploads.
    /// </summary>
    public bool DiscardBodies { get; set; }

    /// <summary>
    /// The <c>MAJOR.MINOR</c> API version to emulate. It is reported in <c>x-reduct-api</c>, in the
    /// <c>Server</c> header and in <c>GET /info</c>, and it switches version-dependent behaviour
    /// (batch protocol v2 and <c>/ready</c> from 1.18, hierarchical entry names and per-record
    /// missing-bucket errors from 1.19, instance name and role in <c>/info</c> from 1.21). A third part
    /// (<c>1.19.2</c>) sets the server release where a release changed behaviour within its minor version:
    /// <c>x-reduct-api</c> still carries <c>MAJOR.MINOR</c>, the <c>Server</c> header and <c>GET /info</c>
    /// the whole version (the patch defaults to 0). Query links name their record by entry and timestamp
    /// from 1.19.2, by its position in the query result before.
    /// </summary>
    public string ApiVersion { get; set; } = "1.21";

    /// <summary>
    /// <c>RS_IO_BATCH_MAX_RECORDS</c>. The server accepts at most this many plus 15 request headers;
    /// more are rejected with 431 before any handler runs. A batched read returns at most this many records.
    /// </summary>
    public int MaxBatchRecords { get; set; } = 85;

    /// <summary>
    /// Largest request head (request line plus headers) in bytes, like
    /// <c>RS_IO_BATCH_MAX_METADATA_SIZE</c>. Larger heads are rejected with 431. A batched read stops adding
    /// records once their headers pass this many bytes.
    /// </summary>
    public int MaxRequestHeadSize { get; set; } = 512_000;

    /// <summary>
    /// <c>RS_IO_BATCH_MAX_SIZE</c>: a batched read (GET) stops adding records once their bodies pass this many
    /// bytes, so a batch may exceed it by one record. <see cref="MaxBatchRecords"/> and
    /// <see cref="MaxRequestHeadSize"/> cap the record count and the record-header bytes of batched reads the
    /// same way, as their variables do on the real server.
    /// </summary>
    public long MaxBatchSize { get; set; } = 8_000_000;

    /// <summary><c>RS_IO_BATCH_TIMEOUT</c>: how long a batched read may collect records, and how long an empty continuous v2 read waits.</summary>
    public TimeSpan BatchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>RS_IO_BATCH_RECORDS_TIMEOUT</c>: how long a continuous v2 read that has records waits for the next one.</summary>
    public TimeSpan BatchRecordsTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>RS_IO_OPERATION_TIMEOUT</c>: a request body that delivers no data for this long fails
    /// with 400 <c>Timeout while receiving data</c>.
    /// </summary>
    public TimeSpan IoTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// What the server does with a write request (single, v1 or v2 batch) that arrives for an entry while another
    /// write request to it is in progress. Overlaps are counted either way
    /// (<see cref="ReductTestStatistics.OverlappingWriteRequests"/>).
    /// </summary>
    public OverlappingWriteBehavior OverlappingWrites { get; set; } = OverlappingWriteBehavior.Count;

    /// <summary>
    /// <c>RS_RWLOCK_TIMEOUT</c>: how long a request waits for a blocked entry before it fails with 500, with
    /// <see cref="OverlappingWriteBehavior.BlockLikeRealServer"/>.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
