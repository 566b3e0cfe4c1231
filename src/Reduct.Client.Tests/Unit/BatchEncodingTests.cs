using System.Text;
using Reduct.Client;
using Reduct.Client.Protocol;

namespace Reduct.Client.Tests.Unit;

public class BatchEncodingTests
{
    [Fact]
    public void V1_matches_the_worked_example_of_the_spec()
    {
        var batch = new Batch();
        batch.Add(1700000000000000UL, "abc"u8, "text/plain", new Labels { ["unit"] = "mm", ["pos"] = "1,2" });
        batch.Add(1700000000001000UL, "defgh"u8, "application/json");
        batch.Add(1700000000002000UL, ReadOnlySpan<byte>.Empty);

        EncodedBatchRequest request = BatchV1Encoder.Encode(Ordered(batch.Records));

        Assert.Equal(
            [
                "x-reduct-time-1700000000000000: 3,text/plain,unit=mm,pos=\"1,2\"",
                "x-reduct-time-1700000000001000: 5,application/json",
                "x-reduct-time-1700000000002000: 0,",
            ],
            Lines(request));
        Assert.Equal("abcdefgh", Body(request));
        Assert.Equal(8, request.BodyLength);
    }

    [Fact]
    public void V1_orders_the_body_by_time_whatever_the_order_of_adding()
    {
        var batch = new Batch();
        batch.Add(30UL, "c"u8);
        batch.Add(10UL, "a"u8);
        batch.Add(20UL, "b"u8);

        EncodedBatchRequest request = BatchV1Encoder.Encode(Ordered(batch.Records));

        Assert.Equal("abc", Body(request));
        Assert.Equal(["x-reduct-time-10: 1,", "x-reduct-time-20: 1,", "x-reduct-time-30: 1,"], Lines(request));
    }

    [Fact]
    public void V2_matches_the_worked_example_of_the_spec()
    {
        var batch = new RecordBatch();
        batch.Add("cam/front", 1700000000000000UL, "JPG1"u8, "image/jpeg", new Labels { ["scene"] = "a", ["q"] = 90 });
        batch.Add("cam/front", 1700000000033333UL, "JPG2"u8, "image/jpeg", new Labels { ["scene"] = "a", ["q"] = 90 });
        batch.Add("cam/front", 1700000000066666UL, "JPG3"u8, "image/jpeg", new Labels { ["scene"] = "a", ["q"] = 80 });
        batch.Add("imu", 1700000000000010UL, "ax=1.0"u8, "text/plain", new Labels { ["scene"] = "a" });

        EncodedBatchRequest request = BatchV2Encoder.Encode(batch.Entries, Ordered(batch.Records));

        Assert.Equal(
            [
                "x-reduct-entries: cam%2Ffront,imu",
                "x-reduct-start-ts: 1700000000000000",
                "x-reduct-labels: scene,q",
                "x-reduct-0-0: 4,image/jpeg,0=a,1=90",
                "x-reduct-0-33333: 4",
                "x-reduct-0-66666: 4,,1=80",
                "x-reduct-1-10: 6,text/plain,0=a",
            ],
            Lines(request));
        Assert.Equal("JPG1JPG2JPG3ax=1.0", Body(request));
        Assert.Equal(18, request.BodyLength);
    }

    [Fact]
    public void V2_removes_labels_with_an_empty_value_and_changes_content_type_explicitly()
    {
        var batch = new RecordBatch();
        batch.Add("e", 100UL, "1"u8, "text/plain", new Labels { ["a"] = "x", ["b"] = "y" });
        batch.Add("e", 101UL, "2"u8, "text/plain", new Labels { ["a"] = "x" });
        batch.Add("e", 102UL, "3"u8, null, new Labels { ["a"] = "x" });
        batch.Add("e", 103UL, "4"u8, null, null);
        batch.Add("e", 104UL, "5"u8, null, new Labels { ["b"] = "with,comma" });

        EncodedBatchRequest request = BatchV2Encoder.Encode(batch.Entries, Ordered(batch.Records));

        Assert.Equal(
            [
                "x-reduct-entries: e",
                "x-reduct-start-ts: 100",
                "x-reduct-labels: a,b",
                "x-reduct-0-0: 1,text/plain,0=x,1=y",
                "x-reduct-0-1: 1,,1=",
                "x-reduct-0-2: 1,application/octet-stream",
                "x-reduct-0-3: 1,,0=",
                "x-reduct-0-4: 1,,1=\"with,comma\"",
            ],
            Lines(request));
    }

    [Fact]
    public void V2_first_record_of_an_entry_always_carries_metadata_and_no_labels_header_without_labels()
    {
        var batch = new RecordBatch();
        batch.Add("b", 5UL, ReadOnlySpan<byte>.Empty);
        batch.Add("a", 7UL, "xy"u8);
        batch.Add("b", 6UL, "z"u8);

        EncodedBatchRequest request = BatchV2Encoder.Encode(batch.Entries, Ordered(batch.Records));

        Assert.Equal(
            [
                "x-reduct-entries: b,a",
                "x-reduct-start-ts: 5",
                "x-reduct-0-0: 0,",
                "x-reduct-0-1: 1",
                "x-reduct-1-2: 2,",
            ],
            Lines(request));
        Assert.Equal("zxy", Body(request));
        Assert.Equal([0, 1], request.EntryIndexes);
    }

    [Fact]
    public void V2_entries_that_open_alike_share_a_value_and_those_that_do_not_get_their_own()
    {
        // One record each from several sensors: the encoder reuses the opening value while length, content type
        // and labels are the same objects, and writes a new one as soon as any of them differs.
        var labels = new Labels { ["unit"] = "c" };
        var other = new Labels { ["unit"] = "f" };
        var batch = new RecordBatch();
        batch.Add("s1", 10UL, "ab"u8, "text/plain", labels);
        batch.Add("s2", 11UL, "cd"u8, "text/plain", labels);
        batch.Add("s3", 12UL, "efg"u8, "text/plain", labels);
        batch.Add("s4", 13UL, "hi"u8, "text/plain", other);
        batch.Add("s5", 14UL, "jk"u8, labels: labels);

        EncodedBatchRequest request = BatchV2Encoder.Encode(batch.Entries, Ordered(batch.Records));

        Assert.Equal(
            [
                "x-reduct-entries: s1,s2,s3,s4,s5",
                "x-reduct-start-ts: 10",
                "x-reduct-labels: unit",
                "x-reduct-0-0: 2,text/plain,0=c",
                "x-reduct-1-1: 2,text/plain,0=c",
                "x-reduct-2-2: 3,text/plain,0=c",
                "x-reduct-3-3: 2,text/plain,0=f",
                "x-reduct-4-4: 2,,0=c",
            ],
            Lines(request));
    }

    [Fact]
    public void V1_and_v2_cost_for_16_byte_records_with_two_labels()
    {
        var labels = new Labels { ["sensor"] = "temp-01", ["unit"] = "celsius" };
        var single = new Batch();
        var multi = new RecordBatch();
        for (ulong i = 0; i < 80; i++)
        {
            single.Add(1_700_000_000_000_000UL + (i * 1000), new byte[16], "application/octet-stream", labels);
            multi.Add("sensor-1", 1_700_000_000_000_000UL + (i * 1000), new byte[16], "application/octet-stream", labels);
        }

        int v1 = BatchV1Encoder.Encode(Ordered(single.Records)).HeaderBytes;
        int v2 = BatchV2Encoder.Encode(multi.Entries, Ordered(multi.Records)).HeaderBytes;

        // v1 repeats timestamp and labels per record; v2 sends a short delta and only the length after the first record.
        Assert.Equal(80 * "x-reduct-time-1700000000000000: 16,,sensor=temp-01,unit=celsius\r\n".Length, v1);
        Assert.True(v2 < 80 * 26, $"v2 used {v2} header bytes for 80 records");
    }

    [Theory]
    [InlineData("409,A record with timestamp 2 already exists", 409, "A record with timestamp 2 already exists")]
    [InlineData("422,Bad, really bad, message", 422, "Bad, really bad, message")]
    [InlineData("404,", 404, "")]
    [InlineData("-5,internal", 500, "internal")]
    public void Error_values_split_at_the_first_comma(string value, int status, string message)
    {
        ReductException error = BatchErrorParser.ParseValue(value);
        Assert.Equal(status, error.Status);
        Assert.Equal(message, error.ServerMessage);
    }

    [Fact]
    public void Unreadable_error_values_still_report_a_failure()
    {
        ReductException error = BatchErrorParser.ParseValue("garbage");
        Assert.Equal(500, error.Status);
        Assert.Contains("garbage", error.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_header_names_parse()
    {
        Assert.True(BatchErrorParser.TryParseV1Name("x-reduct-error-1700000000001000", out ulong ts));
        Assert.Equal(1700000000001000UL, ts);
        Assert.True(BatchErrorParser.TryParseV1Name("X-Reduct-Error-5", out ts));
        Assert.False(BatchErrorParser.TryParseV1Name("x-reduct-error-0-5", out _));
        Assert.False(BatchErrorParser.TryParseV1Name("x-reduct-api", out _));

        Assert.True(BatchErrorParser.TryParseV2Name("x-reduct-error-1-33333", out int index, out ulong delta));
        Assert.Equal((1, 33333UL), (index, delta));
        Assert.False(BatchErrorParser.TryParseV2Name("x-reduct-error-5", out _, out _));
    }

    [Theory]
    [InlineData("cam/front", "cam%2Ffront")]
    [InlineData("plain-name_1", "plain-name_1")]
    [InlineData("a b", "a%20b")]
    [InlineData("ü", "%C3%BC")]
    [InlineData("$meta", "$meta")]
    public void Percent_encoding_keeps_tchars(string name, string encoded)
    {
        Assert.Equal(encoded, PercentEncoding.Encode(name));
        Assert.Equal(name, PercentEncoding.Decode(encoded));
    }

    [Fact]
    public void The_planner_keeps_every_request_within_the_limits()
    {
        var batch = new RecordBatch();
        for (int i = 0; i < 1000; i++)
        {
            batch.Add($"entry-{i % 7}", (ulong)i, new byte[i % 50]);
        }

        PendingRecord[] ordered = Ordered(batch.Records);
        var limits = new BatchLimits(80, 1000, 256_000);
        List<ArraySegment<PendingRecord>> requests = BatchPlanner.Split(ordered, limits, batch.Entries);

        Assert.Equal(1000, requests.Sum(r => r.Count));
        Assert.All(requests, r => Assert.InRange(r.Count, 1, 80));
        Assert.All(requests, r => Assert.True(r.Sum(x => (long)x.Length) <= 1000));
        Assert.Equal(ordered, requests.SelectMany(r => r).ToArray());
    }

    [Fact]
    public void A_record_larger_than_the_body_limit_travels_alone()
    {
        var batch = new Batch();
        batch.Add(1UL, new byte[10]);
        batch.Add(2UL, new byte[5000]);
        batch.Add(3UL, new byte[10]);

        List<ArraySegment<PendingRecord>> requests = BatchPlanner.Split(Ordered(batch.Records), new BatchLimits(80, 1000, 256_000), v2EntryNames: null);

        Assert.Equal([1, 1, 1], requests.Select(r => r.Count));
        Assert.Equal(5000, requests[1][0].Length);
    }

    [Fact]
    public void The_header_budget_splits_requests_with_large_labels()
    {
        var batch = new Batch();
        var labels = new Labels { ["big"] = new string('x', 900) };
        for (ulong i = 0; i < 10; i++)
        {
            batch.Add(i, "x"u8, labels: labels);
        }

        List<ArraySegment<PendingRecord>> requests = BatchPlanner.Split(Ordered(batch.Records), new BatchLimits(80, 8_000_000, 2048), v2EntryNames: null);

        Assert.Equal(5, requests.Count);
        Assert.All(requests, r => Assert.True(BatchV1Encoder.Encode(r).HeaderBytes <= 2048));
    }

    [Fact]
    public void Records_whose_labels_grow_mid_run_are_costed_again()
    {
        // The planner reuses a record's header cost while the metadata objects stay the same: a change of labels
        // in the middle of a run must still be costed, or a request would outgrow the header limit.
        var batch = new Batch();
        var small = new Labels { ["n"] = "1" };
        var big = new Labels { ["big"] = new string('x', 900) };
        for (ulong i = 0; i < 20; i++)
        {
            batch.Add(i, "x"u8, labels: i < 10 ? small : big);
        }

        List<ArraySegment<PendingRecord>> requests = BatchPlanner.Split(Ordered(batch.Records), new BatchLimits(80, 8_000_000, 2048), v2EntryNames: null);

        Assert.Equal(20, requests.Sum(r => r.Count));
        Assert.All(requests, r => Assert.True(BatchV1Encoder.Encode(r).HeaderBytes <= 2048));
        Assert.True(requests.Count >= 6, $"{requests.Count} requests: the 900-byte labels allow two records per request");
    }

    [Fact]
    public void A_content_type_is_checked_whenever_it_differs_from_the_last_accepted_one()
    {
        var batch = new RecordBatch();
        batch.Add("a", 1UL, "x", "text/plain");
        batch.Add("a", 2UL, "x", "text/plain");
        Assert.Equal("contentType", Assert.Throws<ArgumentException>(() => batch.Add("a", 3UL, "x", "text/plain,evil")).ParamName);
        Assert.Equal("contentType", Assert.Throws<ArgumentException>(() => batch.Add("a", 3UL, "x", "text/plain,evil")).ParamName);
        batch.Add("a", 3UL, "x", "text/plain");
        Assert.Equal(3, batch.Count);
    }

    [Fact]
    public void LastAccessTime_is_the_time_of_the_last_add_and_stays_put()
    {
        var batch = new Batch();
        DateTimeOffset before = DateTimeOffset.UtcNow;
        batch.Add(1UL, "x");
        DateTimeOffset after = DateTimeOffset.UtcNow;

        DateTimeOffset first = batch.LastAccessTime!.Value;
        Thread.Sleep(30);
        Assert.Equal(first, batch.LastAccessTime);

        // Read through a coarse tick count: within a few milliseconds of the add.
        Assert.InRange(first, before - TimeSpan.FromMilliseconds(25), after + TimeSpan.FromMilliseconds(25));

        batch.Add(2UL, "x");
        Assert.True(batch.LastAccessTime > first, "a later add moves LastAccessTime on");
    }

    [Fact]
    public void Batch_refuses_a_second_record_at_the_same_timestamp()
    {
        var batch = new Batch();
        batch.Add("2024-02-02T10:00:00", "Rec 1");
        ArgumentException error = Assert.Throws<ArgumentException>(() => batch.Add("2024-02-02T10:00:00", "Rec 2"));
        Assert.Equal("timestamp", error.ParamName);
        Assert.Equal(1, batch.Count);
        Assert.Equal(5, batch.TotalSize);
    }

    [Fact]
    public void RecordBatch_allows_the_same_timestamp_in_different_entries_only()
    {
        var batch = new RecordBatch();
        batch.Add("a", 1UL, "x");
        batch.Add("b", 1UL, "y");
        Assert.Throws<ArgumentException>(() => batch.Add("a", 1UL, "z"));
        Assert.Equal(["a", "b"], batch.Entries);
        Assert.Equal(2, batch.Count);
    }

    [Fact]
    public void RecordBatch_keeps_each_record_with_its_entry_when_producers_switch_between_entries()
    {
        // Runs of one entry skip the entry lookup; switching back and forth and clearing must not mix entries up.
        var shared = new Labels { ["x"] = "1" };
        var other = new Labels { ["y"] = "2" };
        var batch = new RecordBatch();
        batch.Add("a", 1UL, "1"u8, labels: shared);
        batch.Add("a", 2UL, "2"u8, labels: shared);
        batch.Add("b", 1UL, "3"u8, labels: other);
        batch.Add("a", 3UL, "4"u8, labels: shared);
        Assert.Throws<ArgumentException>(() => batch.Add("a", 2UL, "dup"u8));

        EncodedBatchRequest request = BatchV2Encoder.Encode(batch.Entries, Ordered(batch.Records));
        Assert.Equal(
            [
                "x-reduct-entries: a,b",
                "x-reduct-start-ts: 1",
                "x-reduct-labels: x,y",
                "x-reduct-0-0: 1,,0=1",
                "x-reduct-0-1: 1",
                "x-reduct-0-2: 1",
                "x-reduct-1-0: 1,,1=2",
            ],
            Lines(request));
        Assert.Equal("1243", Body(request));

        batch.Clear();
        batch.Add("b", 5UL, "5"u8);
        batch.Add("b", 6UL, "6"u8);
        Assert.Equal(["b"], batch.Entries);
        Assert.Equal([0, 0], batch.Records.Records.Select(record => record.EntryIndex));
    }

    [Fact]
    public void Batches_copy_bodies_and_labels_when_records_are_added()
    {
        var batch = new Batch();
        byte[] buffer = "first"u8.ToArray();
        var labels = new Labels { ["n"] = 1 };
        batch.Add(1UL, buffer, labels: labels);
        "xxxxx"u8.CopyTo(buffer);
        labels["n"] = 2;

        PendingRecord record = Assert.Single(batch.Records.Records);
        Assert.Equal("first", Encoding.ASCII.GetString(record.Body.Span));
        Assert.Equal("1", record.Labels!["n"]);
    }

    [Theory]
    [InlineData("say \"hi\"")]
    [InlineData("")]
    public void Labels_that_batches_cannot_carry_are_rejected_at_add(string value)
    {
        var batch = new RecordBatch();
        ArgumentException error = Assert.Throws<ArgumentException>(() => batch.Add("e", 1UL, "x", labels: new Labels { ["k"] = value }));
        Assert.Equal("labels", error.ParamName);
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Labels_are_checked_again_after_they_change()
    {
        var batch = new Batch();
        var labels = new Labels { ["k"] = "fine" };
        batch.Add(1UL, "x", labels: labels);
        batch.Add(2UL, "x", labels: labels);

        labels["k"] = "";
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => batch.Add(3UL, "x", labels: labels)).ParamName);
        labels["k"] = "fine again";
        batch.Add(4UL, "x", labels: labels);
        Assert.Equal(3, batch.Count);
        Assert.Equal("fine again", batch.Records.Records[^1].Labels!["k"]);
    }

    [Fact]
    public void Content_types_with_commas_are_rejected_at_add()
    {
        var batch = new Batch();
        Assert.Equal("contentType", Assert.Throws<ArgumentException>(() => batch.Add(1UL, "x", "text/plain,evil")).ParamName);
        Assert.Equal("contentType", Assert.Throws<ArgumentException>(() => batch.Add(1UL, "x", "text/plain\n")).ParamName);
    }

    [Fact]
    public void Clear_empties_the_batch()
    {
        var batch = new RecordBatch();
        batch.Add("a", 1UL, "x");
        Assert.NotNull(batch.LastAccessTime);
        batch.Clear();
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.TotalSize);
        Assert.Empty(batch.Entries);
        Assert.Null(batch.LastAccessTime);
        batch.Add("a", 1UL, "x");
        Assert.Equal(1, batch.Count);
    }

    internal static PendingRecord[] Ordered(RecordBuffer buffer) =>
        [.. buffer.Records.OrderBy(r => r.EntryIndex).ThenBy(r => r.Timestamp)];

    private static string[] Lines(EncodedBatchRequest request) =>
        [.. request.Headers.Select(h => $"{h.Key}: {h.Value}")];

    private static string Body(EncodedBatchRequest request) =>
        string.Concat(request.Records.Select(r => Encoding.ASCII.GetString(r.Body.Span)));
}
