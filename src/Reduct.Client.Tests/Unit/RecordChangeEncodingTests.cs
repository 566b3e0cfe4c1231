using System.Text;
using Reduct.Client.Editing;
using Reduct.Client.Protocol;

namespace Reduct.Client.Tests.Unit;

/// <summary>The wire form of label updates, removals and renames, byte for byte, and how their batches are cut.</summary>
public class RecordChangeEncodingTests
{
    private static readonly BatchLimits Roomy = new(MaxRecords: 80, MaxBodySize: 8_000_000, MaxHeaderSize: 256_000);

    private static List<string> Lines(EncodedChangeRequest request) => request.Headers.Select(h => $"{h.Key}: {h.Value}").ToList();

    private static LabelUpdate Update(string? set = null, string? remove = null)
    {
        var update = new LabelUpdate();
        foreach (string pair in set?.Split(';') ?? [])
        {
            string[] parts = pair.Split('=', 2);
            update.Labels[parts[0]] = parts[1];
        }

        foreach (string name in remove?.Split(';') ?? [])
        {
            update.LabelsToRemove.Add(name);
        }

        return update;
    }

    [Fact]
    public void A_single_update_sends_one_label_header_per_operation_with_an_empty_value_for_a_removal()
    {
        var update = new LabelUpdate { Labels = { ["reviewed"] = true, ["score"] = 0.5 }, LabelsToRemove = { "draft" } };
        var headers = new List<KeyValuePair<string, string>>();

        LabelEncoding.AddHeaders(headers, update.ToOperations(forBatch: false, "update"));

        Assert.Equal(["x-reduct-label-reviewed: true", "x-reduct-label-score: 0.5", "x-reduct-label-draft: "], headers.Select(h => $"{h.Key}: {h.Value}"));
    }

    [Fact]
    public void V1_update_writes_the_ignored_length_and_content_type_then_every_operation_quoting_commas()
    {
        LabelUpdate shared = Update("x=z;pos=1,2", "a");
        ChangeList list = ChangeList.ForUpdates("e", new Dictionary<ReductTimestamp, LabelUpdate> { [1001UL] = shared, [1000UL] = shared, [1002UL] = new LabelUpdate() }, "updates");

        EncodedChangeRequest request = RecordChangeEncoder.EncodeV1(list.Changes);

        Assert.Equal(
            [
                "x-reduct-time-1000: 0,,x=z,pos=\"1,2\",a=",
                "x-reduct-time-1001: 0,,x=z,pos=\"1,2\",a=",
                "x-reduct-time-1002: 0,",
            ],
            Lines(request));
        Assert.Equal([0], request.EntryIndexes);
        Assert.Same(list.Changes[0].Operations, list.Changes[1].Operations);
    }

    [Fact]
    public void V1_removal_sends_one_empty_time_header_per_record_once_each()
    {
        ChangeList list = ChangeList.ForRemovals("e", [30UL, 10UL, 30UL]);

        EncodedChangeRequest request = RecordChangeEncoder.EncodeV1(list.Changes);

        Assert.Equal(["x-reduct-time-10: ", "x-reduct-time-30: "], Lines(request));
    }

    [Fact]
    public void V2_update_names_entries_in_the_order_given_and_labels_once_and_sends_every_records_whole_update_by_label_index()
    {
        ChangeList list = ChangeList.ForUpdates(
            new Dictionary<RecordKey, LabelUpdate>
            {
                [new RecordKey("imu", 1010UL)] = Update("a=two"),
                [new RecordKey("cam/front", 1000UL)] = Update("a=one;c=3", "b"),
                [new RecordKey("cam/front", 1005UL)] = Update("b=x;a=one;c=3"),
            },
            "updates");

        EncodedChangeRequest request = RecordChangeEncoder.EncodeV2(list.Entries, list.Changes);

        Assert.Equal(
            [
                "x-reduct-entries: imu,cam%2Ffront",
                "x-reduct-start-ts: 1000",
                "x-reduct-labels: a,c,b",
                "x-reduct-0-10: 0,,0=two",
                "x-reduct-1-0: 0,,0=one,1=3,2=",
                "x-reduct-1-5: 0,,0=one,1=3,2=x",
            ],
            Lines(request));
        Assert.Equal(1000UL, request.StartTimestamp);
        Assert.Equal(["imu", "cam/front"], request.EntryIndexes.Select(i => list.Entries[i]));
    }

    [Fact]
    public void V2_removal_sends_entries_start_and_empty_record_headers_without_a_label_table()
    {
        ChangeList list = ChangeList.ForRemovals([new RecordKey("b", 104UL), new RecordKey("a", 4UL), new RecordKey("b", 4UL), new RecordKey("a", 5UL)], "records");

        EncodedChangeRequest request = RecordChangeEncoder.EncodeV2(list.Entries, list.Changes);

        Assert.Equal(
            ["x-reduct-entries: b,a", "x-reduct-start-ts: 4", "x-reduct-0-0: ", "x-reduct-0-100: ", "x-reduct-1-0: ", "x-reduct-1-1: "],
            Lines(request));
    }

    [Fact]
    public void A_v2_update_request_ends_where_a_record_does_not_name_every_label_its_entrys_earlier_records_name()
    {
        ChangeList list = ChangeList.ForUpdates(
            new Dictionary<RecordKey, LabelUpdate>
            {
                [new RecordKey("a", 1UL)] = Update("k=1"),
                [new RecordKey("a", 2UL)] = Update("k=2;x=1"),
                [new RecordKey("a", 3UL)] = Update("x=2"),
                [new RecordKey("b", 1UL)] = Update("y=1"),
                [new RecordKey("b", 2UL)] = Update(remove: "y"),
            },
            "updates");

        List<ArraySegment<RecordChange>> requests = RecordChangePlanner.Split(list.Changes, Roomy, list.Entries);

        Assert.Equal([2, 3], requests.Select(r => r.Count));
        Assert.Equal([1UL, 2UL], requests[0].Select(c => c.Timestamp));
    }

    [Fact]
    public void Records_with_one_shared_update_and_removals_share_requests_up_to_the_record_limit()
    {
        LabelUpdate shared = Update("reviewed=true", "draft");
        var updates = Enumerable.Range(0, 10).ToDictionary(i => new RecordKey(i % 2 == 0 ? "a" : "b", (ulong)i), _ => shared);
        ChangeList sameUpdate = ChangeList.ForUpdates(updates, "updates");
        ChangeList removals = ChangeList.ForRemovals(updates.Keys, "records");
        var limits = Roomy with { MaxRecords = 4 };

        Assert.Equal([4, 4, 2], RecordChangePlanner.Split(sameUpdate.Changes, limits, sameUpdate.Entries).Select(r => r.Count));
        Assert.Equal([4, 4, 2], RecordChangePlanner.Split(removals.Changes, limits, removals.Entries).Select(r => r.Count));
    }

    [Fact]
    public void Header_bytes_cut_requests_and_a_record_over_the_limit_goes_alone()
    {
        var big = Update("note=" + new string('n', 900));
        ChangeList list = ChangeList.ForUpdates("e", new Dictionary<ReductTimestamp, LabelUpdate> { [1UL] = big, [2UL] = big, [3UL] = Update("n=1") }, "updates");

        List<ArraySegment<RecordChange>> requests = RecordChangePlanner.Split(list.Changes, Roomy with { MaxHeaderSize = 1024 }, v2EntryNames: null);

        Assert.Equal([1, 2], requests.Select(r => r.Count));
    }

    [Fact]
    public void Updates_are_refused_with_the_argument_named_before_anything_is_sent()
    {
        var emptyValue = new LabelUpdate { Labels = { ["a"] = "" } };
        var both = new LabelUpdate { Labels = { ["a"] = "1" }, LabelsToRemove = { "a" } };
        var badName = new LabelUpdate { LabelsToRemove = { "Bad Name" } };
        var quoted = new LabelUpdate { Labels = { ["a"] = "say \"hi\"" } };

        Assert.Equal("update", Assert.Throws<ArgumentException>(() => emptyValue.ToOperations(false, "update")).ParamName);
        Assert.Contains("LabelsToRemove", Assert.Throws<ArgumentException>(() => emptyValue.ToOperations(false, "update")).Message, StringComparison.Ordinal);
        Assert.Contains("both set and removed", Assert.Throws<ArgumentException>(() => both.ToOperations(false, "update")).Message, StringComparison.Ordinal);
        Assert.Equal("update", Assert.Throws<ArgumentException>(() => badName.ToOperations(false, "update")).ParamName);
        Assert.Equal("say \"hi\"", quoted.ToOperations(forBatch: false, "update")["a"]);
        Assert.Equal("updates", Assert.Throws<ArgumentException>(() => quoted.ToOperations(forBatch: true, "updates")).ParamName);
        Assert.Equal("updates", Assert.Throws<ArgumentException>(() => ChangeList.ForUpdates("e", new Dictionary<ReductTimestamp, LabelUpdate> { [1UL] = null! }, "updates")).ParamName);
        Assert.Equal("records", Assert.Throws<ArgumentException>(() => ChangeList.ForRemovals([new RecordKey("cam/$meta", 1UL)], "records")).ParamName);
        Assert.Equal("records", Assert.Throws<ArgumentException>(() => ChangeList.ForRemovals([new RecordKey("bad name", 1UL)], "records")).ParamName);
    }

    [Fact]
    public void A_v2_removal_error_that_names_another_entry_or_record_is_about_that_one()
    {
        var aAt4 = new RecordKey("a", 4UL);
        var missingEntry = new ReductException(404, "Entry 'zz' not found in bucket 'rm'");
        var missingRecord = new ReductException(404, "Record 4 not found in entry rm/b");
        var own = new ReductException(404, "Record 4 not found in entry rm/a");
        var unnamed = new ReductException(500, "Internal error");

        Assert.True(ServerErrors.IsAboutAnotherRecord(missingEntry, "rm", aAt4));
        Assert.True(ServerErrors.IsAboutAnotherRecord(missingRecord, "rm", aAt4));
        Assert.False(ServerErrors.IsAboutAnotherRecord(own, "rm", aAt4));
        Assert.False(ServerErrors.IsAboutAnotherRecord(new ReductException(404, "Entry 'a' not found in bucket 'rm'"), "rm", aAt4));
        Assert.False(ServerErrors.IsAboutAnotherRecord(unnamed, "rm", aAt4));
        Assert.True(ServerErrors.IsRecordNotFound(own, "rm", aAt4));
        Assert.True(ServerErrors.IsEntryNotFound(missingEntry, "rm", "zz"));
    }

    [Fact]
    public void A_rename_body_is_the_new_name_in_json()
    {
        Assert.Equal("{\"new_name\":\"sensors/b-2\"}", Encoding.UTF8.GetString(RenameMessages.Body("sensors/b-2")));
    }

    [Fact]
    public void Paths_of_the_change_routes()
    {
        Assert.Equal("b/data/cam/front?ts=12", RequestPaths.Record("data", "cam/front", 12UL));
        Assert.Equal("b/data/cam/front", RequestPaths.Entry("data", "cam/front"));
        Assert.Equal("b/data/cam/front/batch", RequestPaths.BatchV1Write("data", "cam/front"));
        Assert.Equal("io/data/update", RequestPaths.BatchV2Update("data"));
        Assert.Equal("io/data/remove", RequestPaths.BatchV2Remove("data"));
        Assert.Equal("b/data/cam/front/rename", RequestPaths.EntryRename("data", "cam/front"));
        Assert.Equal("b/data/rename", RequestPaths.BucketRename("data"));
    }
}
