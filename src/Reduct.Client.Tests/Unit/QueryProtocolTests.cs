using System.Text;
using System.Text.Json.Nodes;
using Reduct.Client.Protocol;

namespace Reduct.Client.Tests.Unit;

/// <summary>The read side's wire form, checked against the responses captured from ReductStore 1.20.11 (read reference §2.5, §3.3, §3.4).</summary>
public class QueryProtocolTests
{
    private const ulong BaseA = 1700000000000000;
    private const ulong BaseB = 1735689600000000;

    [Fact]
    public void A_v1_batch_head_is_read_in_timestamp_order_with_quoted_labels()
    {
        // §2.5, captured; the bodies follow in ascending time, whatever the order of the headers.
        KeyValuePair<string, string>[] headers =
        [
            new("x-reduct-time-2000", "5,application/json,unit=cm"),
            new("x-reduct-time-1000", "3,text/plain,pos=\"1,2\",unit=mm"),
            new("content-length", "8"),
            new("x-reduct-last", "true"),
        ];

        List<QueryRecordHead> heads = BatchReadV1Parser.Parse("sensor-1", headers, out bool isLast);

        Assert.True(isLast);
        Assert.Equal([1000UL, 2000UL], heads.Select(h => h.Timestamp));
        Assert.Equal([3L, 5L], heads.Select(h => h.Length));
        Assert.Equal("text/plain", heads[0].ContentType);
        Assert.Equal(new Dictionary<string, string> { ["pos"] = "1,2", ["unit"] = "mm" }, heads[0].Labels);
        Assert.Equal(new Dictionary<string, string> { ["unit"] = "cm" }, heads[1].Labels);
        Assert.All(heads, h => Assert.Equal("sensor-1", h.Entry));
    }

    [Theory]
    [InlineData("eq=x=y", "eq", "x=y")]
    [InlineData("empty=", "empty", "")]
    [InlineData("quoted=\"\"q,r\"\"", "quoted", "")]
    public void V1_label_values_are_read_as_the_server_writes_them(string pairs, string name, string value)
    {
        var labels = new Dictionary<string, string>();

        bool read = LabelEncoding.TryReadBatchPairs(pairs, labels);

        // A value the server sent with quotes of its own cannot round-trip (no escaping): it is not misread as another label.
        if (name == "quoted")
        {
            Assert.False(read && labels.Count == 1 && labels[name] == "\"q,r\"");
            return;
        }

        Assert.True(read);
        Assert.Equal(value, labels[name]);
    }

    [Fact]
    public void V1_records_with_the_same_content_type_and_labels_read_alike_and_a_change_after_them_is_seen()
    {
        KeyValuePair<string, string>[] headers =
        [
            new("x-reduct-time-1000", "3,text/plain,unit=mm"),
            new("x-reduct-time-2000", "30,text/plain,unit=mm"),
            new("x-reduct-time-3000", "3,text/plain,unit=cm"),
            new("x-reduct-time-4000", "3,text/csv,unit=cm"),
            new("x-reduct-time-5000", "3"),
        ];

        List<QueryRecordHead> heads = BatchReadV1Parser.Parse("e", headers, out _);

        Assert.Equal([3L, 30L, 3L, 3L, 3L], heads.Select(h => h.Length));
        Assert.Equal(["text/plain", "text/plain", "text/plain", "text/csv", "application/octet-stream"], heads.Select(h => h.ContentType));
        Assert.Equal(["mm", "mm", "cm", "cm"], heads.Take(4).Select(h => h.Labels["unit"]));
        Assert.Empty(heads[4].Labels);
    }

    [Fact]
    public void A_v1_batch_with_a_bad_length_is_refused_with_the_header()
    {
        FormatException error = Assert.Throws<FormatException>(() => BatchReadV1Parser.Parse("e", [new("x-reduct-time-1", "abc,text/plain")], out _));

        Assert.Contains("x-reduct-time-1: abc,text/plain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Worked_example_A_decodes_content_types_and_label_deltas_per_entry()
    {
        KeyValuePair<string, string>[] headers =
        [
            new("x-reduct-entries", "imu,cam%2Ffront"),
            new("x-reduct-start-ts", "1700000000000000"),
            new("x-reduct-labels", "axis,seq,res,note,flag"),
            new("x-reduct-0-0", "2,application/json,0=x,1=0"),
            new("x-reduct-0-1000", "2,,1=1"),
            new("x-reduct-0-2000", "2,,1=2"),
            new("x-reduct-1-500", "5,image/jpeg,2=hd,3=\"a,b\""),
            new("x-reduct-1-1500", "6,,2=sd,3="),
            new("x-reduct-1-2500", "2,image/png,4=1"),
            new("content-length", "19"),
            new("x-reduct-last", "true"),
        ];

        List<QueryRecordHead> heads = BatchReadV2Parser.Parse(headers, out bool isLast);

        Assert.True(isLast);
        Assert.Equal(["imu", "imu", "imu", "cam/front", "cam/front", "cam/front"], heads.Select(h => h.Entry));
        Assert.Equal([BaseA, BaseA + 1000, BaseA + 2000, BaseA + 500, BaseA + 1500, BaseA + 2500], heads.Select(h => h.Timestamp));
        Assert.Equal(19, heads.Sum(h => h.Length));
        Assert.Equal(["application/json", "application/json", "application/json", "image/jpeg", "image/jpeg", "image/png"], heads.Select(h => h.ContentType));
        Assert.Equal(new Dictionary<string, string> { ["axis"] = "x", ["seq"] = "2" }, heads[2].Labels);
        Assert.Equal(new Dictionary<string, string> { ["res"] = "hd", ["note"] = "a,b" }, heads[3].Labels);
        Assert.Equal(new Dictionary<string, string> { ["res"] = "sd" }, heads[4].Labels);
        Assert.Equal(new Dictionary<string, string> { ["res"] = "sd", ["flag"] = "1" }, heads[5].Labels);
    }

    [Fact]
    public void Worked_example_B_starts_each_response_afresh()
    {
        List<QueryRecordHead> first = BatchReadV2Parser.Parse(
        [
            new("x-reduct-entries", "temp,cam%2Ffront"),
            new("x-reduct-start-ts", "1735689600000000"),
            new("x-reduct-labels", "room,q"),
            new("x-reduct-0-0", "4,text/plain,0=kitchen"),
            new("x-reduct-0-1000000", "4"),
            new("x-reduct-1-500000", "4,image/jpeg,1=\"hi,res\""),
            new("x-reduct-last", "false"),
        ], out bool firstIsLast);
        List<QueryRecordHead> second = BatchReadV2Parser.Parse(
        [
            new("x-reduct-entries", "cam%2Ffront,temp"),
            new("x-reduct-start-ts", "1735689601500000"),
            new("x-reduct-labels", "room"),
            new("x-reduct-0-0", "4,image/png"),
            new("x-reduct-1-500000", "4,text/plain,0=hall"),
            new("x-reduct-last", "true"),
        ], out bool secondIsLast);

        Assert.False(firstIsLast);
        Assert.True(secondIsLast);
        Assert.Equal(new Dictionary<string, string> { ["room"] = "kitchen" }, first[1].Labels);
        Assert.Equal("text/plain", first[1].ContentType);
        Assert.Equal(new Dictionary<string, string> { ["q"] = "hi,res" }, first[2].Labels);

        // cam/front is index 0 now and its PNG record, first of its entry in this response, carries no labels.
        Assert.Equal(("cam/front", BaseB + 1500000), (second[0].Entry, second[0].Timestamp));
        Assert.Equal("image/png", second[0].ContentType);
        Assert.Empty(second[0].Labels);
        Assert.Equal(("temp", BaseB + 2000000, "hall"), (second[1].Entry, second[1].Timestamp, second[1].Labels["room"]));
    }

    [Fact]
    public void An_empty_continuous_poll_reads_as_no_records()
    {
        List<QueryRecordHead> heads = BatchReadV2Parser.Parse(
            [new("x-reduct-entries", ""), new("x-reduct-start-ts", "0"), new("x-reduct-last", "false")], out bool isLast);

        Assert.Empty(heads);
        Assert.False(isLast);
    }

    [Fact]
    public void An_empty_label_value_is_kept_on_an_entrys_first_record_and_removes_the_label_after()
    {
        List<QueryRecordHead> heads = BatchReadV2Parser.Parse(
        [
            new("x-reduct-entries", "e"),
            new("x-reduct-start-ts", "10"),
            new("x-reduct-labels", "a,b"),
            new("x-reduct-0-0", "1,text/plain,0=,1=x"),
            new("x-reduct-0-1", "1,,1="),
        ], out _);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "", ["b"] = "x" }, heads[0].Labels);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "" }, heads[1].Labels);
    }

    [Fact]
    public void A_v2_record_naming_an_unlisted_entry_is_refused()
    {
        Assert.Throws<FormatException>(() => BatchReadV2Parser.Parse(
            [new("x-reduct-entries", "e"), new("x-reduct-start-ts", "10"), new("x-reduct-1-0", "1,text/plain")], out _));
    }

    [Fact]
    public void The_query_body_keeps_the_conditions_key_order_and_always_has_both_bounds()
    {
        var options = new QueryOptions
        {
            When = Condition.FromJson("""{"&n":{"$ne":1},"$limit":2}"""),
            Strict = true,
            Ext = """{"img":{"width":10}}""",
        };

        string json = Encoding.UTF8.GetString(QueryRequestJson.Write(["a", "cam/*"], 0, long.MaxValue, options));

        Assert.Equal(
            """{"query_type":"QUERY","entries":["a","cam/*"],"start":0,"stop":9223372036854775807,"ttl":60,"strict":true,"when":{"&n":{"$ne":1},"$limit":2},"ext":{"img":{"width":10}}}""",
            json);
    }

    [Fact]
    public void A_continuous_metadata_query_says_so_and_lives_20_seconds_by_default()
    {
        string json = Encoding.UTF8.GetString(QueryRequestJson.Write(null, 5, 6, new QueryOptions { Continuous = true, MetadataOnly = true }));

        Assert.Equal("""{"query_type":"QUERY","start":5,"stop":6,"ttl":20,"only_metadata":true,"continuous":true}""", json);
    }

    [Fact]
    public void The_query_id_is_read_from_the_answer()
    {
        Assert.Equal(105UL, QueryRequestJson.ReadId("""{"id":105}"""u8));
        Assert.Throws<FormatException>(() => QueryRequestJson.ReadId("""{"detail":"x"}"""u8));
    }

    [Fact]
    public void The_builder_writes_the_core_operators()
    {
        Condition condition = Condition.Label("score").GreaterThan(10)
            & Condition.Label("kind").In("a", "b")
            & Condition.Label("ok").Equal(true)
            & Condition.Label("ratio").LessThanOrEqual(0.5)
            & !Condition.HasLabels("bad")
            & Condition.EachN(5)
            & Condition.Limit(3);

        Assert.Equal(
            """{"$and":[{"$and":[{"$and":[{"$and":[{"$and":[{"$and":[{"&score":{"$gt":10}},{"$in":["&kind","a","b"]}]},{"&ok":{"$eq":true}}]},{"&ratio":{"$lte":0.5}}]},{"$not":[{"$exists":["bad"]}]}]},{"$each_n":5}]},{"$limit":3}]}""",
            condition.Json);
        Assert.Equal("""{"$each_t":1.5}""", Condition.EachT(TimeSpan.FromSeconds(1.5)).Json);
        Assert.Equal("""{"$and":[{"&a":{"$eq":1}},{"&b":{"$ne":"x"}}]}""", Condition.And(Condition.Label("a").Equal(1), Condition.Label("b").NotEqual("x")).Json);
    }

    [Fact]
    public void Json_conditions_are_kept_as_given()
    {
        var node = new JsonObject { ["&b"] = new JsonObject { ["$gt"] = 1 }, ["&a"] = new JsonObject { ["$lt"] = 2 } };

        Assert.Equal("""{"&b":{"$gt":1},"&a":{"$lt":2}}""", Condition.FromJsonNode(node).Json);
        Assert.Equal("""{ "&b": {"$gt":1} }""", Condition.FromJson("""{ "&b": {"$gt":1} }""").Json);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("{\"a\":")]
    [InlineData("true")]
    [InlineData("{\"&n\":{\"$lt\":18446744073709551615}}")]
    public void A_condition_that_is_not_a_json_object_or_holds_an_integer_the_server_cannot_read_is_refused(string json) =>
        Assert.Throws<ArgumentException>(() => Condition.FromJson(json));

    [Theory]
    [InlineData("&other")]
    [InlineData("$timestamp")]
    [InlineData("@computed")]
    [InlineData("5s")]
    [InlineData("1h 30m")]
    public void String_constants_the_server_would_read_as_something_else_are_refused(string text)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => Condition.Label("a").Equal(text));

        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constants_the_server_cannot_read_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Condition.Label("a").Equal(ulong.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => Condition.Label("a").Equal(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Condition.EachN(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Condition.EachT(TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => Condition.Label("bad name"));
    }
}
