using System.Runtime.CompilerServices;
using Reduct.Client.Tests.Integration;

namespace Reduct.Client.Tests.Resilience;

/// <summary>Writes records along one <see cref="WritePath"/> and collects what the SDK reported for each.</summary>
internal static class WritePaths
{
    /// <summary>Records per request in the batch paths, so that a batch travels in several requests.</summary>
    public const int BatchMaxRecords = 4;

    /// <summary>The records each path writes: single paths a few larger records, batches many smaller ones over several requests.</summary>
    public static List<TestRecord> RecordsFor(WritePath path) => path switch
    {
        WritePath.BatchV1 => TestRecord.Make(["e"], perEntry: 12, size: 1000),
        WritePath.RecordBatchV2 or WritePath.Writer => TestRecord.Make(["e", "f/g"], perEntry: 6, size: 1000),
        _ => TestRecord.Make(["e"], perEntry: 3, size: 3000),
    };

    /// <summary>The server API version a path needs: v1 batches only go out to servers older than 1.18.</summary>
    public static string ApiVersionFor(WritePath path) => path == WritePath.BatchV1 ? "1.17" : "1.21";

    public static async Task<WriteReport> WriteAsync(WritePath path, Bucket bucket, IReadOnlyList<TestRecord> records)
    {
        var report = new WriteReport();
        switch (path)
        {
            case WritePath.BatchV1:
                var batch = new Batch();
                foreach (TestRecord record in records)
                {
                    batch.Add(record.Timestamp, record.Data);
                }

                BatchWriteResult<ReductTimestamp> byTimestamp;
                try
                {
                    byTimestamp = await bucket.WriteBatchAsync(records[0].Entry, batch);
                }
                catch (ReductException wholeCall)
                {
                    // The first request failed as a whole: the call throws, and no record of it is stored.
                    FailAll(report, records, wholeCall);
                    break;
                }

                foreach (TestRecord record in records)
                {
                    Classify(report, record.Key, byTimestamp.TryGetValue(record.Timestamp, out ReductException? error) ? error : null,
                        byTimestamp.AlreadyStored.Contains(record.Timestamp));
                }

                break;

            case WritePath.RecordBatchV2:
                var recordBatch = new RecordBatch();
                foreach (TestRecord record in records)
                {
                    recordBatch.Add(record.Entry, record.Timestamp, record.Data);
                }

                BatchWriteResult<RecordKey> byKey;
                try
                {
                    byKey = await bucket.WriteBatchAsync(recordBatch);
                }
                catch (ReductException wholeCall)
                {
                    FailAll(report, records, wholeCall);
                    break;
                }

                foreach (TestRecord record in records)
                {
                    Classify(report, record.Key, byKey.TryGetValue(record.Key, out ReductException? error) ? error : null,
                        byKey.AlreadyStored.Contains(record.Key));
                }

                break;

            case WritePath.Writer:
                await WriteThroughWriterAsync(bucket, records, report);
                break;

            default:
                foreach (TestRecord record in records)
                {
                    try
                    {
                        await WriteOneAsync(path, bucket, record);
                        report.Stored.Add(record.Key);
                    }
                    catch (ReductException error)
                    {
                        report.Failed.Add(record.Key, error);
                    }
                }

                break;
        }

        return report;
    }

    private static async Task WriteThroughWriterAsync(Bucket bucket, IReadOnlyList<TestRecord> records, WriteReport report)
    {
        // Everything goes out at the flush, in requests of BatchMaxRecords; the writer counts records that a
        // retry found already stored as stored, so its report has only stored and failed records.
        await using IngestionWriter writer = bucket.CreateWriter(new IngestionWriterOptions { FlushInterval = TimeSpan.FromHours(1) });
        var entries = new Dictionary<string, EntryWriter>(StringComparer.Ordinal);
        foreach (TestRecord record in records)
        {
            if (!entries.TryGetValue(record.Entry, out EntryWriter? entry))
            {
                entries[record.Entry] = entry = writer.OpenEntry(record.Entry);
            }

            await entry.WriteAsync(record.Timestamp, record.Data);
        }

        Dictionary<RecordKey, ReductException> failed = (await writer.FlushAsync()).ToDictionary(f => new RecordKey(f.Entry, f.Timestamp), f => f.Error);
        foreach (TestRecord record in records)
        {
            Classify(report, record.Key, failed.GetValueOrDefault(record.Key), alreadyStored: false);
        }
    }

    private static void FailAll(WriteReport report, IReadOnlyList<TestRecord> records, ReductException error)
    {
        foreach (TestRecord record in records)
        {
            report.Failed.Add(record.Key, error);
        }
    }

    private static void Classify(WriteReport report, RecordKey key, ReductException? error, bool alreadyStored)
    {
        if (error is not null)
        {
            report.Failed.Add(key, error);
        }
        else if (alreadyStored)
        {
            report.AlreadyStored.Add(key);
        }
        else
        {
            report.Stored.Add(key);
        }
    }

    private static Task WriteOneAsync(WritePath path, Bucket bucket, TestRecord record) => path switch
    {
        WritePath.Bytes => bucket.WriteAsync(record.Entry, record.Data, record.Timestamp),
        WritePath.SeekableStream => bucket.WriteAsync(record.Entry, new MemoryStream(record.Data), timestamp: record.Timestamp),
        WritePath.NonSeekableStream => bucket.WriteAsync(record.Entry, new ForwardOnlyStream(record.Data), record.Data.Length, record.Timestamp),
        WritePath.Chunks => bucket.WriteAsync(record.Entry, Chunks(record.Data, 1000), record.Data.Length, record.Timestamp),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, null),
    };

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] data, int size, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int offset = 0; offset < data.Length; offset += size)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return data.AsMemory(offset, Math.Min(size, data.Length - offset));
        }
    }
}
