using System.Text;
using Reduct.Client.Protocol;

namespace Reduct.Client.Tests.Unit;

using Condition = Reduct.Client.Condition;

/// <summary>The query link body of each server version, byte for byte, and the version that decides it.</summary>
public sealed class QueryLinkProtocolTests
{
    private static readonly DateTimeOffset Expiry = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1.17.0", false)]
    [InlineData("1.18.4", false)]
    [InlineData("1.19.0", false)]
    [InlineData("1.19.1", false)]
    [InlineData("1.19.2", true)]
    [InlineData("1.19.10", true)]
    [InlineData("1.20.11", true)]
    [InlineData("1.21.0-beta.1", true)]
    [InlineData("unknown", true)]
    public void The_full_version_decides_how_the_record_is_named(string version, bool byIdentity)
    {
        Assert.Equal(byIdentity, QueryLinkRequestJson.NamesRecordByIdentity(version));
    }

    [Theory]
    [InlineData("1.17.2", false)]
    [InlineData("1.17.3", true)]
    [InlineData("1.18.0", true)]
    public void A_base_url_needs_1_17_3(string version, bool takes)
    {
        Assert.Equal(takes, QueryLinkRequestJson.TakesBaseUrl(version));
    }

    [Fact]
    public void From_1_19_2_the_body_names_the_record_and_keeps_the_callers_range()
    {
        var options = new QueryLinkOptions { Start = new ReductTimestamp(100UL), Stop = new ReductTimestamp(300UL), When = Condition.Label("a").Equal("b"), BaseUrl = new Uri("https://x.example/") };

        byte[] body = QueryLinkRequestJson.Write("bkt", "cam/1", new ReductTimestamp(200UL), options, Expiry, byIdentity: true);

        Assert.Equal(
            """{"bucket":"bkt","entry":"cam/1","record_entry":"cam/1","record_timestamp":200,"query":{"query_type":"QUERY","start":100,"stop":300,"ttl":60,"when":{"&a":{"$eq":"b"}}},"expire_at":1893456000,"base_url":"https://x.example/"}""",
            Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Before_1_19_2_the_body_names_the_first_record_of_a_query_narrowed_to_it()
    {
        var options = new QueryLinkOptions { Start = new ReductTimestamp(100UL), Stop = new ReductTimestamp(300UL) };

        byte[] body = QueryLinkRequestJson.Write("bkt", "cam", new ReductTimestamp(200UL), options, Expiry, byIdentity: false);

        Assert.Equal(
            """{"bucket":"bkt","entry":"cam","index":0,"query":{"query_type":"QUERY","start":200,"stop":201,"ttl":60},"expire_at":1893456000}""",
            Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void The_default_file_name_is_the_last_entry_segment_and_the_timestamp()
    {
        Assert.Equal("front_42.bin", QueryLinkRequestJson.DefaultFileName("cams/front", new ReductTimestamp(42UL)));
    }
}
