namespace Reduct.Client.Harness;

/// <summary>One client process to run: a workload through one client's write path, against one server.</summary>
internal sealed record PlannedRun(Workload Workload, ClientKind Client, WritePath Path, ServerConfiguration Server)
{
    /// <summary>
    /// The write path whose raw and reduct-js rows this run is compared with: the writer sends v2 batches, so it
    /// is compared with the v2 rows.
    /// </summary>
    public WritePath ComparedPath => Path == WritePath.Writer ? WritePath.BatchV2 : Path;

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
        (ClientKind.RawHttp, WritePath.Single) => "POST per record",
        (ClientKind.RawHttp, WritePath.BatchV1) => "v1 batch POST",
        (ClientKind.RawHttp, WritePath.BatchV2) => "v2 batch POST",
        (ClientKind.RawHttp, WritePath.Stream) => "POST, streamed content",
        (ClientKind.ReductClient, WritePath.Single) => "WriteAsync",
        (ClientKind.ReductClient, WritePath.BatchV1) => "Batch (v1)",
        (ClientKind.ReductClient, WritePath.BatchV2) => "RecordBatch (v2)",
        (ClientKind.ReductClient, WritePath.Writer) => "IngestionWriter (v2)",
        (ClientKind.ReductClient, WritePath.Stream) => "WriteAsync(chunks)",
        (ClientKind.ReductJs, WritePath.Single) => "beginWrite",
        (ClientKind.ReductJs, WritePath.BatchV1) => "beginWriteBatch (v1)",
        (ClientKind.ReductJs, WritePath.BatchV2) => "beginWriteRecordBatch (v2)",
        (ClientKind.ReductJs, WritePath.Stream) => "beginWrite(ReadableStream)",
        _ => Path.ToString(),
    };

    public override string ToString() => $"{Workload.Name} / {ClientName} {PathName} / {Server}";
}
