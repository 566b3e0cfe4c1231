namespace Reduct.Client.Tests.Resilience;

/// <summary>
/// One write path against every fault of the matrix. One class per path, so that the paths run in parallel and a
/// failure names its cell.
/// </summary>
public abstract class FaultMatrixTests
{
    protected abstract WritePath Path { get; }

    [Theory]
    [MemberData(nameof(FaultMatrixTable.AllFaults), MemberType = typeof(FaultMatrixTable))]
    public Task Records_on_the_server_are_exactly_those_reported_stored(Fault fault) => FaultScenario.RunAsync(fault, Path);
}

public sealed class BytesFaultMatrixTests : FaultMatrixTests
{
    protected override WritePath Path => WritePath.Bytes;
}

public sealed class SeekableStreamFaultMatrixTests : FaultMatrixTests
{
    protected override WritePath Path => WritePath.SeekableStream;
}

public sealed class NonSeekableStreamFaultMatrixTests : FaultMatrixTests
{
    protected override WritePath Path => WritePath.NonSeekableStream;
}

public sealed class ChunksFaultMatrixTests : FaultMatrixTests
{
    protected override WritePath Path => WritePath.Chunks;
}

public sealed class BatchV1FaultMatrixTests : FaultMatrixTests
{
    protected override WritePath Path => WritePath.BatchV1;
}

public sealed class RecordBatchV2FaultMatrixTests : FaultMatrixTests
{
    protected override WritePath Path => WritePath.RecordBatchV2;
}

public sealed class WriterFaultMatrixTests : FaultMatrixTests
{
    protected override WritePath Path => WritePath.Writer;
}
