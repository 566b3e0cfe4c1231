using System.Text;
using Reduct.Client;
using Reduct.Client.Ingestion.Spooling;
using Reduct.Client.Tests.ReferenceServer;

namespace Reduct.Client.Tests.Spooling;

/// <summary>
/// The spool's segment files: what is appended comes back after a reopen, acknowledged segments go, a torn or damaged
/// tail is cut and counted, one writer per directory, and each full mode. Checked in the files the directory holds.
/// </summary>
public sealed class SpoolLogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "reduct-spool-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void A_record_round_trips_through_its_frame()
    {
        var record = new SpooledRecord("sensors/température", 1_700_000_000_000_001, null,
            [new("unit", "°C"), new("empty", string.Empty), new("site", "north")], new byte[] { 0, 1, 2, 255 });
        int length = SpoolRecordCodec.MeasureFrame(record);
        byte[] frame = new byte[length];

        SpoolRecordCodec.WriteFrame(record, frame);
        Assert.Equal(SpoolRecordCodec.FrameStatus.Complete, SpoolRecordCodec.TryReadFrame(frame, 0, out int read));
        SpooledRecord back = SpoolRecordCodec.ReadRecord(frame);

        Assert.Equal(length, read);
        AssertSame(record, back);
        var typed = record with { ContentType = string.Empty, Body = ReadOnlyMemory<byte>.Empty };
        byte[] typedFrame = new byte[SpoolRecordCodec.MeasureFrame(typed)];
        SpoolRecordCodec.WriteFrame(typed, typedFrame);
        Assert.Equal(string.Empty, SpoolRecordCodec.ReadRecord(typedFrame).ContentType);
    }

    [Fact]
    public async Task Records_appended_come_back_in_order_after_a_reopen()
    {
        using (SpoolLog log = Open())
        {
            for (int i = 0; i < 100; i++)
            {
                await log.AppendAsync(Record(i));
            }

            Assert.Equal(100, log.PendingRecords);
        }

        using SpoolLog reopened = Open();
        Assert.Equal(100, reopened.Recovery.Records);
        Assert.Equal(0, reopened.Recovery.CutBytes);
        SpooledRecord[] recovered = [.. ReadAll(reopened)];
        Assert.Equal(100, recovered.Length);
        for (int i = 0; i < 100; i++)
        {
            AssertSame(Record(i), recovered[i]);
        }
    }

    [Fact]
    public async Task Windows_read_across_piece_boundaries_and_records_larger_than_a_piece_come_back_whole()
    {
        // The reader takes a segment 1 MiB at a time: 30,000 small records cross several pieces, and two records of
        // 1.5 and 3 MiB are each larger than a piece.
        using SpoolLog log = Open(segmentBytes: 16 << 20, maxBytes: 64L << 20);
        var expected = new List<SpooledRecord>();
        for (int i = 0; i < 30_000; i++)
        {
            SpooledRecord record = i is 10_000 or 20_000
                ? Record(i) with { Body = Enumerable.Range(0, i == 10_000 ? 3 << 19 : 3 << 20).Select(b => (byte)(b * 7)).ToArray() }
                : Record(i);
            expected.Add(record);
            await log.AppendAsync(record);
        }

        SpoolCursor cursor = log.Start;
        var read = new List<SpooledRecord>();
        List<(SpoolPosition Position, SpooledRecord Record)> window;
        while ((window = log.Read(ref cursor, 7_000, 16L << 20)).Count > 0)
        {
            Assert.True(window.Count <= 7_000);
            read.AddRange(window.Select(r => r.Record));
        }

        Assert.Equal(expected.Count, read.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            AssertSame(expected[i], read[i]);
        }
    }

    [Fact]
    public async Task A_frame_damaged_after_the_spool_was_opened_stops_the_reader_with_an_error_naming_the_segment()
    {
        using SpoolLog log = Open(segmentBytes: 4096);
        for (int i = 0; i < 300; i++)
        {
            await log.AppendAsync(Record(i));
        }

        string damaged = SegmentPath(2);
        using (var file = new FileStream(damaged, FileMode.Open))
        {
            file.Position = file.Length - 2;
            int b = file.ReadByte();
            file.Position = file.Length - 2;
            file.WriteByte((byte)(b ^ 0xFF));
        }

        SpoolCursor cursor = log.Start;
        Assert.NotEmpty(log.Read(ref cursor, int.MaxValue, long.MaxValue));
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => log.Read(ref cursor, int.MaxValue, long.MaxValue));
        Assert.Contains(damaged, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sealed_segment_is_removed_once_each_of_its_records_is_acknowledged_in_any_order()
    {
        using SpoolLog log = Open(segmentBytes: 4096);
        var positions = new List<SpoolPosition>();
        for (int i = 0; i < 200; i++)
        {
            positions.Add(await log.AppendAsync(Record(i)));
        }

        long firstSegment = positions[0].Segment;
        SpoolPosition[] ofFirst = [.. positions.Where(p => p.Segment == firstSegment)];
        Assert.True(ofFirst.Length < 200, "the records span more than one segment");
        foreach (SpoolPosition position in ofFirst.Skip(1).Reverse())
        {
            log.Acknowledge(position);
        }

        Assert.True(File.Exists(SegmentPath(firstSegment)), "a segment with one record not acknowledged stays");
        log.Acknowledge(ofFirst[0]);
        log.Acknowledge(ofFirst[0]);

        Assert.False(File.Exists(SegmentPath(firstSegment)));
        Assert.Equal(200 - ofFirst.Length, log.PendingRecords);
    }

    [Fact]
    public async Task Records_not_acknowledged_before_a_reopen_are_recovered_with_their_segment()
    {
        using (SpoolLog log = Open(segmentBytes: 4096))
        {
            var positions = new List<SpoolPosition>();
            for (int i = 0; i < 100; i++)
            {
                positions.Add(await log.AppendAsync(Record(i)));
            }

            // Half of the first segment was stored before the crash: at least once means it comes back whole.
            foreach (SpoolPosition position in positions.Where(p => p.Segment == positions[0].Segment).Take(5))
            {
                log.Acknowledge(position);
            }
        }

        using SpoolLog reopened = Open(segmentBytes: 4096);
        Assert.Equal(100, ReadAll(reopened).Count);
    }

    [Fact]
    public async Task A_torn_tail_is_cut_off_counted_and_the_spool_goes_on()
    {
        using (SpoolLog log = Open())
        {
            for (int i = 0; i < 3; i++)
            {
                await log.AppendAsync(Record(i));
            }
        }

        string segment = Assert.Single(SegmentFiles());
        long whole = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(whole - 5);
        }

        using (SpoolLog reopened = Open())
        {
            Assert.Equal(2, reopened.Recovery.Records);
            Assert.Equal(1, reopened.Recovery.CutRecords);
            Assert.Equal(whole - 5 - new FileInfo(segment).Length, reopened.Recovery.CutBytes);
            await reopened.AppendAsync(Record(3));
        }

        using SpoolLog again = Open();
        SpooledRecord[] recovered = [.. ReadAll(again)];
        Assert.Equal([0UL, 1UL, 3UL], recovered.Select(r => r.Timestamp - 1_000));
        Assert.Equal(0, again.Recovery.CutBytes);
    }

    [Fact]
    public async Task A_damaged_frame_is_cut_with_everything_after_it()
    {
        using (SpoolLog log = Open())
        {
            for (int i = 0; i < 5; i++)
            {
                await log.AppendAsync(Record(i));
            }
        }

        string segment = Assert.Single(SegmentFiles());
        byte[] data = File.ReadAllBytes(segment);
        int kept = Enumerable.Range(0, 3).Sum(i => SpoolRecordCodec.MeasureFrame(Record(i)));
        data[SpoolSegment.HeaderSize + kept + 20] ^= 0x40;
        File.WriteAllBytes(segment, data);

        using SpoolLog reopened = Open();
        Assert.Equal(3, reopened.Recovery.Records);
        Assert.Equal(2, reopened.Recovery.CutRecords);
        Assert.Equal(SpoolRecordCodec.MeasureFrame(Record(3)) + SpoolRecordCodec.MeasureFrame(Record(4)), reopened.Recovery.CutBytes);
    }

    [Fact]
    public async Task A_segment_left_open_by_a_crash_keeps_records_whose_bodies_end_in_zeros()
    {
        // A killed writer leaves its open segment at full size, zeros after the last frame; a body's own zeros are data.
        Directory.CreateDirectory(_directory);
        var records = Enumerable.Range(0, 3).Select(i => Record(i) with { Body = new byte[] { (byte)(i + 1), 0, 0, 0, 0 } }).ToArray();
        using (SpoolLog log = Open(segmentBytes: 4096))
        {
            foreach (SpooledRecord record in records)
            {
                await log.AppendAsync(record);
            }
        }

        string segment = Assert.Single(SegmentFiles());
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(4096);
        }

        using SpoolLog reopened = Open(segmentBytes: 4096);
        Assert.Equal(3, reopened.Recovery.Records);
        Assert.Equal(0, reopened.Recovery.CutBytes);
        SpooledRecord[] recovered = [.. ReadAll(reopened)];
        for (int i = 0; i < 3; i++)
        {
            AssertSame(records[i], recovered[i]);
        }
    }

    [Fact]
    public void A_segment_file_without_a_whole_header_is_removed_at_start_up()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllBytes(Path.Combine(_directory, SpoolSegment.FileName(7)), "RSPO"u8.ToArray());

        using SpoolLog log = Open();

        Assert.Equal(0, log.Recovery.Records);
        Assert.Equal(4, log.Recovery.CutBytes);
        Assert.Empty(SegmentFiles());
    }

    [Fact]
    public void A_second_writer_on_the_same_directory_gets_a_clear_error_until_the_first_is_gone()
    {
        SpoolLog first = Open();

        var refused = Assert.Throws<InvalidOperationException>(() => Open());
        Assert.Contains("in use by another writer", refused.Message, StringComparison.Ordinal);
        Assert.Contains(_directory, refused.Message, StringComparison.Ordinal);

        first.Dispose();
        using SpoolLog second = Open();
    }

    [Fact]
    public async Task A_full_spool_in_fail_mode_refuses_the_record_and_takes_nothing()
    {
        using SpoolLog log = Open(segmentBytes: 4096, maxBytes: 8192, whenFull: SpoolFullMode.Fail);
        int taken = 0;
        IngestionBufferFullException refused = await Assert.ThrowsAsync<IngestionBufferFullException>(async () =>
        {
            while (true)
            {
                await log.AppendAsync(Record(taken));
                taken++;
            }
        });

        Assert.Contains("8192", refused.Message, StringComparison.Ordinal);
        Assert.Equal(taken, log.PendingRecords);
        Assert.True(log.Bytes <= 8192);
        log.Dispose();
        using SpoolLog reopened = Open(segmentBytes: 4096, maxBytes: 8192);
        Assert.Equal(taken, reopened.Recovery.Records);
    }

    [Fact]
    public async Task A_full_spool_in_wait_mode_takes_the_record_once_acknowledgements_free_a_segment()
    {
        using SpoolLog log = Open(segmentBytes: 4096, maxBytes: 8192, whenFull: SpoolFullMode.Wait);
        var positions = new List<SpoolPosition>();
        ValueTask<SpoolPosition> waiting;
        while (true)
        {
            waiting = log.AppendAsync(Record(positions.Count));
            if (!waiting.IsCompleted)
            {
                break;
            }

            positions.Add(await waiting);
        }

        await Task.Delay(50);
        Assert.False(waiting.IsCompleted, "the write waits while the spool is full");
        foreach (SpoolPosition position in positions.Where(p => p.Segment == positions[0].Segment))
        {
            log.Acknowledge(position);
        }

        SpoolPosition taken = await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotEqual(positions[0].Segment, taken.Segment);
    }

    [Fact]
    public async Task A_full_spool_in_drop_oldest_mode_reports_the_oldest_segments_records_not_yet_stored()
    {
        using SpoolLog log = Open(segmentBytes: 4096, maxBytes: 8192, whenFull: SpoolFullMode.DropOldest);
        var dropped = new List<SpooledRecord>();
        log.Dropped = records => dropped.AddRange(records);
        var positions = new List<SpoolPosition>();
        while (dropped.Count == 0)
        {
            positions.Add(await log.AppendAsync(Record(positions.Count)));
            if (positions.Count == 3)
            {
                log.Acknowledge(positions[1]);
            }
        }

        int inFirst = positions.Count(p => p.Segment == positions[0].Segment);
        Assert.Equal(inFirst - 1, dropped.Count);
        Assert.DoesNotContain(dropped, r => r.Timestamp == Record(1).Timestamp);
        Assert.Equal(Record(0).Timestamp, dropped[0].Timestamp);
        Assert.False(File.Exists(SegmentPath(positions[0].Segment)));
        Assert.True(log.Bytes <= 8192);
        Assert.Equal(positions.Count - inFirst, log.PendingRecords);
    }

    [Fact]
    public async Task The_oldest_age_is_that_of_the_oldest_segment_with_a_record_not_yet_stored()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        using SpoolLog log = SpoolLog.Open(Options(segmentBytes: 4096), clock);
        Assert.Equal(TimeSpan.Zero, log.OldestAge());

        SpoolPosition first = await log.AppendAsync(Record(0));
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromMinutes(5), log.OldestAge());
        log.Acknowledge(first);
        Assert.Equal(TimeSpan.Zero, log.OldestAge());
    }

    [Theory]
    [InlineData(SpoolDurability.SyncInterval)]
    [InlineData(SpoolDurability.SyncPerSegment)]
    public async Task Synced_durabilities_keep_every_record(SpoolDurability durability)
    {
        using (SpoolLog log = SpoolLog.Open(new SpoolOptions { Directory = _directory, SegmentBytes = 4096, MaxBytes = 1 << 20, Durability = durability, SyncInterval = TimeSpan.FromMilliseconds(5) }))
        {
            for (int i = 0; i < 300; i++)
            {
                await log.AppendAsync(Record(i));
            }
        }

        using SpoolLog reopened = Open(segmentBytes: 4096);
        Assert.Equal(300, reopened.Recovery.Records);
    }

    [Fact]
    public void Options_out_of_range_are_refused_with_the_option_named()
    {
        Assert.Contains("SegmentBytes", Assert.Throws<ArgumentOutOfRangeException>(() => SpoolLog.Open(Options(segmentBytes: 100))).Message, StringComparison.Ordinal);
        Assert.Contains("MaxBytes", Assert.Throws<ArgumentOutOfRangeException>(() => SpoolLog.Open(Options(segmentBytes: 4096, maxBytes: 5000))).Message, StringComparison.Ordinal);
        Assert.Contains("Directory", Assert.Throws<ArgumentException>(() => SpoolLog.Open(new SpoolOptions { Directory = " " })).Message, StringComparison.Ordinal);
    }

    private static SpooledRecord Record(int i) => new(
        $"sensor-{i % 3}", 1_000 + (ulong)i, i % 2 == 0 ? "application/json" : null,
        [new("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        Encoding.UTF8.GetBytes($"{{\"value\":{i}}}"));

    // Reads the spool from its start as the writer does, a segment per read, until the reader has caught up.
    private static List<SpooledRecord> ReadAll(SpoolLog log)
    {
        SpoolCursor cursor = log.Start;
        var records = new List<SpooledRecord>();
        List<(SpoolPosition Position, SpooledRecord Record)> read;
        while ((read = log.Read(ref cursor, int.MaxValue, long.MaxValue)).Count > 0)
        {
            records.AddRange(read.Select(r => r.Record));
        }

        return records;
    }

    private static void AssertSame(SpooledRecord expected, SpooledRecord actual)
    {
        Assert.Equal(expected.Entry, actual.Entry);
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(expected.ContentType, actual.ContentType);
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
    }

    private SpoolOptions Options(long segmentBytes = 1 << 20, long? maxBytes = null, SpoolFullMode whenFull = SpoolFullMode.Wait) =>
        new() { Directory = _directory, SegmentBytes = segmentBytes, MaxBytes = maxBytes ?? 64 * segmentBytes, WhenFull = whenFull };

    private SpoolLog Open(long segmentBytes = 1 << 20, long? maxBytes = null, SpoolFullMode whenFull = SpoolFullMode.Wait) =>
        SpoolLog.Open(Options(segmentBytes, maxBytes, whenFull));

    private string SegmentPath(long id) => Path.Combine(_directory, SpoolSegment.FileName(id));

    private string[] SegmentFiles() => [.. Directory.EnumerateFiles(_directory, "segment-*")];
}
