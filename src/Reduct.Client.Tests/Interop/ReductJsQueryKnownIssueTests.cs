using static Reduct.Client.Tests.Interop.ReductJsReport;

namespace Reduct.Client.Tests.Interop;

/// <summary>
/// Pins where reduct-js 1.20.0 reads query results differently from what ReductStore sends, so an upgrade that
/// fixes it is noticed and the reader can be added to the query in the manifest. Each test runs a query with a
/// reader the manifest leaves out, through the regular comparison, and checks that exactly the known
/// differences come out.
/// </summary>
[Collection(InteropCollection.Name)]
public class ReductJsQueryKnownIssueTests(InteropFixture fixture)
{
    /// <summary>reduct-js against the current API: it queries with protocol v2, also for one entry.</summary>
    private const string JsOnCurrentApi = InteropManifest.JsWriter;

    /// <summary>reduct-js against API 1.17: it queries one entry at a time with protocol v1.</summary>
    private const string JsOnApi117 = InteropManifest.JsWriter + "@1.17";

    /// <summary>
    /// A v1 batch carries each record's labels in one header, <c>eq=x=y,n=2,note=a b,pos="1,2"</c>, quoting a
    /// value only when it holds a comma (protocol reference §2.5). reduct-js 1.20.0 splits each label with
    /// <c>split("=", 2)</c>, which in JavaScript drops everything after a second <c>=</c>, and rejoins a quoted
    /// value only when the item starts with a quote, which <c>name="..."</c> never does: <c>pos="1,2"</c> becomes
    /// <c>"1</c> (its other half has no <c>=</c> and is dropped). reduct-js uses v1 only before API 1.18; its v2
    /// reader gets both labels right (reader <c>js</c> of the same query).
    /// </summary>
    [Fact]
    public async Task Reduct_js_cuts_v1_batch_labels_at_a_second_equals_sign_and_at_a_quoted_comma()
    {
        var (report, _) = await RunWithReductJsAsync("batch-v1-labels", JsOnApi117);

        Assert.Equal(
            [
                new ReportedMismatch("batch-v1-labels", "batch-v1@1700000000000002", "label 'eq'", "\"x=y\"", "\"x\""),
                new ReportedMismatch("batch-v1-labels", "batch-v1@1700000000000002", "label 'pos'", "\"1,2\"", "\"\\\"1\""),
            ],
            report.Mismatches);
    }

    /// <summary>
    /// ReductStore marks a v1 batch of a continuous query that had records with <c>x-reduct-last: true</c>
    /// (protocol reference §2.8: a continuous reader must ignore it). reduct-js 1.20.0's v1 reader ends the query
    /// at the first record marked last, continuous or not, so a continuous query stops after its first batch and
    /// never sees the record written later, though it is stored. Its v2 reader (API 1.18+) works: v2 batches of a
    /// continuous query say <c>false</c>.
    /// </summary>
    [Fact]
    public async Task Reduct_js_ends_a_v1_continuous_query_after_its_first_batch()
    {
        var (report, bucket) = await RunWithReductJsAsync("continuous", JsOnApi117);

        Assert.Equal(
            [
                new ReportedMismatch("continuous", "sensor-b", "timestamps",
                    "\"1700000000000005, 1700000000000007, 1700000000000011\"", "\"1700000000000005, 1700000000000007\""),
            ],
            report.Mismatches);
        var late = InteropManifest.Current.GetQuery("continuous").After.Single();
        Assert.Equal(late.Body.ToBytes(), await bucket.ReadBytesAsync(late.Entry, late.Timestamp));
    }

    /// <summary>
    /// A v2 batch body holds the records entry by entry, then by time (protocol reference §3.2). reduct-js 1.20.0
    /// cuts it in time order across entries, so when the entries of a response alternate in time each record gets
    /// bytes of others; headers (time, size, content type, labels) are still right. The same disagreement as on the
    /// write side (<see cref="ReductJsKnownIssueTests"/>), the other way round.
    /// </summary>
    [Fact]
    public async Task Reduct_js_cuts_a_v2_batch_of_alternating_entries_in_time_order()
    {
        var query = InteropManifest.Current.GetQuery("entries-limit");
        var (report, _) = await RunWithReductJsAsync(query.Name, JsOnCurrentApi);

        var expected = query.ExpectedRecords(InteropManifest.Current.Get(query.Scenario));
        var inTimeOrder = BatchBodyOrder.InTimeOrder(expected);
        var readBodies = BatchBodyOrder.Cut(BatchBodyOrder.InEntryOrder(expected), inTimeOrder);
        Assert.Contains(expected, record => !readBodies[record].AsSpan().SequenceEqual(record.Body.ToBytes()));
        var received = report.ForQuery(query.Name).Records;
        Assert.Equal(inTimeOrder.Select(record => record.ToString()), received.Select(record => record.Key));
        Assert.All(report.Mismatches, mismatch => Assert.StartsWith("body ", mismatch.Field, StringComparison.Ordinal));
        Assert.All(inTimeOrder.Zip(received), pair => Assert.Equal(readBodies[pair.First], pair.Second.Body));
    }

    /// <summary>
    /// A v2 record header gives each label's change from the entry's previous record in the same response, and
    /// <c>IDX=</c> means removed; the server writes an empty value the same way, so on an entry's first record in a
    /// response it can only be an empty value (protocol reference §3.2). reduct-js 1.20.0 takes it as a removal there
    /// too and drops the label. (Its v1 reader keeps the empty label, but cuts the quoted comma of the same record:
    /// the first test.)
    /// </summary>
    [Fact]
    public async Task Reduct_js_drops_an_empty_label_from_the_first_record_of_an_entry_in_a_v2_batch()
    {
        var (report, _) = await RunWithReductJsAsync("single-labels", JsOnCurrentApi);

        Assert.Equal(
            [new ReportedMismatch("single-labels", "camera@1700000000000000", "label 'empty'", "\"\"", "(missing)")],
            report.Mismatches);
    }

    /// <summary>Reduct.Client writes the query's scenario, and reduct-js runs the query as <paramref name="reader"/>, which the manifest leaves out.</summary>
    private async Task<(ReductJsReport Report, Bucket Bucket)> RunWithReductJsAsync(string queryName, string reader)
    {
        var query = InteropManifest.Current.GetQuery(queryName);
        Assert.DoesNotContain(reader, query.Readers);
        var server = await fixture.ServerForAsync(InteropReader.Parse(reader));
        var bucket = await server.NewBucketAsync("query-js-issue");
        var scenario = InteropManifest.Current.Get(query.Scenario);
        var differences = new RecordDifferences();
        differences.CheckErrors(scenario, "Reduct.Client", await CSharpScenarioWriter.WriteAsync(bucket, scenario));
        differences.AssertNone();

        var outcome = await server.Scripts.RunAsync("query.mjs", bucket.Name, "--query", query.Name);
        if (outcome.Succeeded)
        {
            Assert.Fail($"reduct-js now runs query '{query.Name}' as {reader} correctly: add \"{reader}\" to its readers in interop/js/scenarios.json and delete this test.");
        }

        Assert.True(!outcome.TimedOut && outcome.ExitCode == 1, $"reduct-js should report mismatches (exit code 1).{Environment.NewLine}{outcome.Describe()}");
        return (ReductJsReport.Parse(outcome), bucket);
    }
}
