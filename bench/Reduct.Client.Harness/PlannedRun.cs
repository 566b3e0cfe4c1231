namespace Reduct.Client.Harness;

/// <summary>One client process to run: a workload through one client's path (a write API or a query), against one server.</summary>
internal sealed record PlannedRun(Workload Workload, ClientKind Client, ClientPath Path, ServerConfiguration Server)
{
    /// <summary>
    /// The write path whose raw and reduct-js rows this run is compared with: the writer sends v2 batches, so it
    /// is compared with the v2 rows.
    /// </summary>
    public ClientPath ComparedPath => Path == ClientPath.Writer ? ClientPath.BatchV2 : Path;

    public string ClientName => Client switch
    {
        ClientKind.RawHttp => "raw HttpClient",
        ClientKind.ReductClient => "Reduct.Client",
        ClientKind.ReductJs => "reduct-js",
        _ => Client.ToString(),
    };

    /// <summary>The API the application calls, as its users know it.</summary>
    public string PathName => (Client, Path) switch
    {
        (ClientKind.RawHttp, ClientPath.Single) => "POST per record",
        (ClientKind.RawHttp, ClientPath.BatchV1) => "v1 batch POST",
        (ClientKind.RawHttp, ClientPath.BatchV2) => "v2 batch POST",
        (ClientKind.RawHttp, ClientPath.Stream) => "POST, streamed content",
        (ClientKind.RawHttp, ClientPath.Query) => "v1 query, GET batches",
        (ClientKind.ReductClient, ClientPath.Single) => "WriteAsync",
        (ClientKind.ReductClient, ClientPath.BatchV1) => "Batch (v1)",
        (ClientKind.ReductClient, ClientPath.BatchV2) => "RecordBatch (v2)",
        (ClientKind.ReductClient, ClientPath.Writer) => "IngestionWriter (v2)",
        (ClientKind.ReductClient, ClientPath.Stream) => "WriteAsync(chunks)",
        (ClientKind.ReductClient, ClientPath.Query) => "QueryAsync (v1)",
        (ClientKind.ReductJs, ClientPath.Single) => "beginWrite",
        (ClientKind.ReductJs, ClientPath.BatchV1) => "beginWriteBatch (v1)",
        (ClientKind.ReductJs, ClientPath.BatchV2) => "beginWriteRecordBatch (v2)",
        (ClientKind.ReductJs, ClientPath.Stream) => "beginWrite(ReadableStream)",
        (ClientKind.ReductJs, ClientPath.Query) => "query (v2)",
        _ => Path.ToString(),
    };

    public override string ToString() => $"{Workload.Name} / {ClientName} {PathName} / {Server}";
}
