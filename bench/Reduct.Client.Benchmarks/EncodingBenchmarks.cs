using BenchmarkDotNet.Attributes;
using Reduct.Client.Protocol;

namespace Reduct.Client.Benchmarks;

/// <summary>
/// Client-side cost per record of the batch wire format: the producer's enqueue (copy into the batch
/// buffer) and the v1 and v2 header encoding of a full 80-record request. Divide by 80 for per-record figures
/// (BenchmarkDotNet's OperationsPerInvoke does that).
/// </summary>
[MemoryDiagnoser]
public class EncodingBenchmarks
{
    private const int RecordsPerRequest = 80;

    private readonly byte[] _payload = new byte[16];
    private readonly Labels _labels = new() { ["sensor"] = "temp-01", ["unit"] = "celsius" };
    private RecordBatch _multi = null!;
    private Batch _single = null!;
    private PendingRecord[] _ordered = null!;
    private PendingRecord[] _orderedSingle = null!;

    [GlobalSetup]
    public void Setup()
    {
        _multi = new RecordBatch();
        _single = new Batch();
        for (int i = 0; i < RecordsPerRequest; i++)
        {
            ulong timestamp = 1_700_000_000_000_000UL + ((ulong)i * 1000);
            _multi.Add("sensor-1", timestamp, _payload, "application/octet-stream", _labels);
            _single.Add(timestamp, _payload, "application/octet-stream", _labels);
        }

        _ordered = [.. _multi.Records.Records];
        _orderedSingle = [.. _single.Records.Records];

        // Warm the header text cache as a running writer would have.
        BatchV2Encoder.Encode(_multi.Entries, _ordered);
    }

    [Benchmark(OperationsPerInvoke = RecordsPerRequest, Description = "v2 header encoding, per record")]
    public int EncodeV2() => BatchV2Encoder.Encode(_multi.Entries, _ordered).BodyLength > 0 ? 1 : 0;

    [Benchmark(OperationsPerInvoke = RecordsPerRequest, Description = "v1 header encoding, per record")]
    public int EncodeV1() => BatchV1Encoder.Encode(_orderedSingle).BodyLength > 0 ? 1 : 0;

    [Benchmark(OperationsPerInvoke = RecordsPerRequest, Description = "enqueue into a batch buffer, per record")]
    public int Enqueue()
    {
        RecordBuffer buffer = _multi.Records;
        IReadOnlyDictionary<string, string>? labels = _ordered[0].Labels;
        buffer.Clear();
        for (int i = 0; i < RecordsPerRequest; i++)
        {
            buffer.TryAdd(0, (ulong)i * 1000, _payload, "application/octet-stream", labels);
        }

        return buffer.Count;
    }
}
