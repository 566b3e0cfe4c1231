using Reduct.Client.Testing;
using Reduct.Client.Testing.Storage;
using StoredBucketSettings = Reduct.Client.Testing.Storage.BucketSettings;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>
/// A record that is still being written when its bucket, its entry or itself is removed must not come back when its
/// upload finishes: the engine finds a finished upload's place through the slot, so every removal has to detach it.
/// </summary>
public sealed class StorageEngineTests
{
    private static readonly Dictionary<string, string> NoLabels = [];

    [Fact]
    public void A_finished_upload_is_stored_in_its_entry_with_its_hash()
    {
        var engine = CreateEngine("data");

        Write(engine, "data", "e", 1, "abc"u8).Complete();

        StoredRecord record = Assert.IsType<StoredRecord>(engine.FindCommittedRecord("data", "e", 1));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", record.Sha256);
        Assert.Equal(1, engine.CountCommittedRecords("data"));
    }

    [Fact]
    public void An_upload_that_finishes_after_its_bucket_was_removed_and_created_again_stays_out_of_the_new_bucket()
    {
        // With folder storage, so that a record saved into the new bucket's folder would also come back on a restart.
        string folder = Path.Combine(Path.GetTempPath(), "reduct-engine-" + Guid.NewGuid().ToString("N"));
        try
        {
            var engine = new StorageEngine(folder, discardBodies: false);
            engine.CreateBucket("data", StoredBucketSettings.Defaults);
            RecordWriter writer = Write(engine, "data", "e", 1, "ab"u8);

            engine.RemoveBucket("data");
            engine.CreateBucket("data", StoredBucketSettings.Defaults);
            writer.Write("c"u8);
            writer.Complete();

            Assert.Null(engine.FindCommittedRecord("data", "e", 1));
            Assert.Equal(0, engine.CountCommittedRecords("data"));
            Assert.Equal(0, new StorageEngine(folder, discardBodies: false).CountCommittedRecords("data"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_upload_that_finishes_after_its_entry_was_removed_leaves_no_record_and_the_timestamp_free()
    {
        var engine = CreateEngine("data");
        Write(engine, "data", "other", 1, "xyz"u8).Complete();
        RecordWriter writer = Write(engine, "data", "e", 1, "ab"u8);

        engine.RemoveEntry("data", "e");
        writer.Write("c"u8);
        writer.Complete();

        Assert.Null(engine.FindCommittedRecord("data", "e", 1));
        Assert.Equal(1, engine.CountCommittedRecords("data"));
        Write(engine, "data", "e", 1, "new"u8).Complete();
        Assert.Equal(3, engine.FindCommittedRecord("data", "e", 1)!.Length);
    }

    private static StorageEngine CreateEngine(string bucket)
    {
        var engine = new StorageEngine(dataPath: null, discardBodies: false);
        engine.CreateBucket(bucket, StoredBucketSettings.Defaults);
        return engine;
    }

    /// <summary>Starts a 3-byte record and writes <paramref name="firstBytes"/> of it.</summary>
    private static RecordWriter Write(StorageEngine engine, string bucket, string entry, ulong timestamp, ReadOnlySpan<byte> firstBytes)
    {
        RecordWriter writer = engine.BeginWrite(bucket, entry, timestamp, 3, "application/octet-stream", NoLabels, hierarchicalEntries: false);
        writer.Write(firstBytes);
        return writer;
    }
}
