namespace Reduct.Client.Harness;

/// <summary>How many records of what size a client writes, spread over how many entries.</summary>
/// <param name="Records">Number of records.</param>
/// <param name="RecordSize">Bytes per record.</param>
/// <param name="Entries">Record <c>i</c> goes to entry <c>sensor-(i mod Entries)</c>.</param>
/// <param name="ChunkSize">For streamed records, the size of the chunks the body is produced in.</param>
internal sealed record WorkloadShape(int Records, long RecordSize, int Entries, int ChunkSize = WorkloadShape.DefaultChunkSize)
{
    public const int DefaultChunkSize = 64 * 1024;

    public long TotalBytes => Records * RecordSize;
}
