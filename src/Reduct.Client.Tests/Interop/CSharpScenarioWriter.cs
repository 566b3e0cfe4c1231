using System.Globalization;
using System.Runtime.CompilerServices;

namespace Reduct.Client.Tests.Interop;

/// <summary>Writes a scenario's records with Reduct.Client, using the write API its method names.</summary>
public static class CSharpScenarioWriter
{
    private const int StreamChunkSize = 64 * 1024;

    // Uneven sizes, so chunk borders fall anywhere relative to the server's read buffers.
    private static readonly int[] UnevenChunkSizes = [1, 7, 4096, 65_536, 13, 100_000, 31_337];

    /// <summary>Writes the existing records one by one, then the scenario's records with its method.</summary>
    /// <returns>The per-record errors Reduct.Client reported.</returns>
    public static async Task<IReadOnlyList<InteropError>> WriteAsync(Bucket bucket, InteropScenario scenario)
    {
        foreach (var record in scenario.Existing)
        {
            await WriteSingleAsync(bucket, record);
        }

        switch (scenario.Method)
        {
            case "single":
                foreach (var record in scenario.Records)
                {
                    await WriteSingleAsync(bucket, record);
                }

                return [];
            case "stream":
                foreach (var record in scenario.Records)
                {
                    using var stream = new MemoryStream(record.Body.ToBytes(), writable: false);
                    await bucket.WriteAsync(record.Entry, stream, record.Timestamp, Options(record));
                }

                return [];
            case "chunks":
                foreach (var record in scenario.Records)
                {
                    var body = record.Body.ToBytes();
                    await bucket.WriteAsync(record.Entry, UnevenChunksAsync(body), body.Length, record.Timestamp, Options(record));
                }

                return [];
            case "batch-v1":
                return await WriteBatchV1Async(bucket, scenario);
            case "record-batch":
                return await WriteRecordBatchAsync(bucket, scenario);
            case "writer":
                return await WriteThroughWriterAsync(bucket, scenario);
            default:
                throw new NotSupportedException($"Scenario '{scenario.Name}': Reduct.Client has no write API for method '{scenario.Method}'.");
        }
    }

    /// <summary>Writes one record from memory with its timestamp, content type and labels.</summary>
    public static Task WriteSingleAsync(Bucket bucket, InteropRecord record) =>
        bucket.WriteAsync(record.Entry, record.Body.ToBytes(), record.Timestamp, Options(record));

    private static async Task<IReadOnlyList<InteropError>> WriteBatchV1Async(Bucket bucket, InteropScenario scenario)
    {
        var entry = scenario.Records[0].Entry;
        var batch = new Batch();
        foreach (var record in scenario.Records)
        {
            batch.Add(record.Timestamp, record.Body.ToBytes(), record.ContentType, record.ToLabels());
        }

        var errors = await bucket.WriteBatchAsync(entry, batch);
        return errors.Select(error => ToError(entry, error.Key, error.Value)).ToList();
    }

    private static async Task<IReadOnlyList<InteropError>> WriteRecordBatchAsync(Bucket bucket, InteropScenario scenario)
    {
        var batch = new RecordBatch();
        foreach (var record in scenario.Records)
        {
            batch.Add(record.Entry, record.Timestamp, record.Body.ToBytes(), record.ContentType, record.ToLabels());
        }

        var errors = await bucket.WriteBatchAsync(batch);
        return errors.Select(error => ToError(error.Key.Entry, error.Key.Timestamp, error.Value)).ToList();
    }

    private static async Task<IReadOnlyList<InteropError>> WriteThroughWriterAsync(Bucket bucket, InteropScenario scenario)
    {
        // Each entry is opened with its first record's content type and labels; a record whose labels
        // differ carries its own (sent as a delta). The content type is fixed per entry by design.
        await using IngestionWriter writer = bucket.CreateWriter();
        var entries = new Dictionary<string, (EntryWriter Writer, InteropRecord First)>(StringComparer.Ordinal);
        foreach (var record in scenario.Records)
        {
            if (!entries.TryGetValue(record.Entry, out var opened))
            {
                opened = (writer.OpenEntry(record.Entry, record.ContentType, record.ToLabels()), record);
                entries.Add(record.Entry, opened);
            }

            if (record.ContentType != opened.First.ContentType)
            {
                throw new InvalidOperationException($"Scenario '{scenario.Name}': the writer fixes the content type per entry, but {record.Entry}@{record.Timestamp} has another one.");
            }

            Labels? labels = record.ToLabels();
            if (SameLabels(labels, opened.Writer.Labels))
            {
                await opened.Writer.WriteAsync(record.Timestamp, record.Body.ToBytes());
            }
            else
            {
                await opened.Writer.WriteAsync(record.Timestamp, record.Body.ToBytes(), labels ?? new Labels());
            }
        }

        var failures = await writer.FlushAsync();
        return failures.Select(failure => ToError(failure.Entry, failure.Timestamp, failure.Error)).ToList();
    }

    private static bool SameLabels(Labels? labels, IReadOnlyDictionary<string, string> fixedLabels) =>
        (labels?.Count ?? 0) == fixedLabels.Count
        && (labels is null || labels.All(label => fixedLabels.TryGetValue(label.Key, out var value) && value == label.Value));

    private static RecordWriteOptions Options(InteropRecord record) =>
        new() { ContentType = record.ContentType, Labels = record.ToLabels() };

    private static InteropError ToError(string entry, ReductTimestamp timestamp, ReductException exception) =>
        new(entry, timestamp.Microseconds.ToString(CultureInfo.InvariantCulture), exception.Status, exception.ServerMessage);

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> UnevenChunksAsync(byte[] body, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var offset = 0;
        for (var index = 0; offset < body.Length; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var size = Math.Min(UnevenChunkSizes[index % UnevenChunkSizes.Length], body.Length - offset);
            yield return body.AsMemory(offset, size);
            offset += size;

            // A real producer hands over chunks as they arrive, not all in one synchronous run.
            await Task.Yield();
        }
    }
}
