using Reduct.Client;

namespace Reduct.Client.Tests.Integration;

/// <summary><see cref="Bucket.RenameEntryAsync"/> and <see cref="Bucket.RenameAsync"/> against the reference server.</summary>
public sealed class RenameClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const ulong At = 1_700_000_000_000_000;

    [Fact]
    public async Task An_entry_moves_with_its_records_and_sub_entries()
    {
        Bucket bucket = await fixture.NewBucketAsync("rename");
        await bucket.WriteAsync("old", "a", At);
        await bucket.WriteAsync("old/child", "b", At);

        await bucket.RenameEntryAsync("old", "sensors/new");

        Assert.Empty(fixture.Server.Storage.GetRecords(bucket.Name, "old"));
        Assert.Equal("a"u8.ToArray(), await bucket.ReadBytesAsync("sensors/new", At));
        Assert.Equal("b"u8.ToArray(), await bucket.ReadBytesAsync("sensors/new/child", At));
    }

    [Fact]
    public async Task Renaming_an_entry_onto_an_existing_one_is_a_409_and_attachments_are_refused_before_sending()
    {
        Bucket bucket = await fixture.NewBucketAsync("rename");
        await bucket.WriteAsync("a", "a", At);
        await bucket.WriteAsync("b", "b", At);

        ReductException taken = await Assert.ThrowsAsync<ReductException>(() => bucket.RenameEntryAsync("a", "b"));
        ArgumentException meta = await Assert.ThrowsAsync<ArgumentException>(() => bucket.RenameEntryAsync("a/$meta", "c/$meta"));
        ArgumentException toMeta = await Assert.ThrowsAsync<ArgumentException>(() => bucket.RenameEntryAsync("a", "$meta"));

        Assert.Equal(409, taken.Status);
        Assert.Equal($"Entry 'b' already exists in bucket '{bucket.Name}'", taken.ServerMessage);
        Assert.Equal(["entry", "newName"], new[] { meta, toMeta }.Select(e => e.ParamName));
    }

    [Fact]
    public async Task A_bucket_renamed_is_reached_through_the_returned_handle()
    {
        Bucket bucket = await fixture.NewBucketAsync("rename");
        await bucket.WriteAsync("e", "a", At);
        string newName = fixture.NewBucketName("renamed");

        Bucket renamed = await bucket.RenameAsync(newName);

        Assert.Equal(newName, renamed.Name);
        Assert.Equal(bucket.Name, bucket.Name);
        Assert.False(await bucket.ExistsAsync());
        Assert.Equal("a"u8.ToArray(), await renamed.ReadBytesAsync("e", At));
        Assert.Equal(409, (await Assert.ThrowsAsync<ReductException>(() => renamed.RenameAsync(newName))).Status);
        Assert.Equal("newName", (await Assert.ThrowsAsync<ArgumentException>(() => renamed.RenameAsync("bad/name"))).ParamName);
    }

    [Fact]
    public async Task A_bucket_rename_needs_full_access()
    {
        Bucket bucket = await fixture.NewBucketAsync("rename");
        using ReductClient writer = fixture.ClientWithToken(ServerFixture.WriteToken);

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => writer.GetBucket(bucket.Name).RenameAsync(fixture.NewBucketName("nope")));

        Assert.Equal(403, error.Status);
        Assert.True(await bucket.ExistsAsync());
    }
}
