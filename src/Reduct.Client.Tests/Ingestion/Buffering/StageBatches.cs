using Reduct.Client.Ingestion.Buffering;

namespace Reduct.Client.Tests.Ingestion.Buffering;

/// <summary>Batches for the tests of single in-memory writer stages, one chunk per entry.</summary>
internal static class StageBatches
{
    /// <summary>A batch of one record for each entry, the first chunk numbered <paramref name="firstSequence"/>.</summary>
    public static OutgoingBatch Of(long firstSequence, params string[] entries)
    {
        OutgoingBatch? batch = null;
        long sequence = firstSequence;
        foreach (string entry in entries)
        {
            var chunk = new EntryChunk(4);
            chunk.Start(new CollectedEntry(entry, contentType: null), sequence++);
            Assert.True(chunk.Records.TryAdd(0, 1, new byte[3], null, null));
            if (batch is null)
            {
                batch = new OutgoingBatch();
            }

            batch.Add(chunk);
        }

        return batch!;
    }
}
