namespace Reduct.Client.Tests.Interop;

/// <summary>
/// Reduct.Client writes a query's scenario; reduct-js runs the query (query.mjs) and compares every record it
/// returns with the manifest. Against the current API reduct-js queries with protocol v2, also for one entry;
/// against an older one (a reader such as <c>js@1.17</c>) with protocol v1.
/// </summary>
[Collection(InteropCollection.Name)]
public class ReductJsQueriesTests(InteropFixture fixture)
{
    public static TheoryData<string, string> Queries => InteropManifest.QueriesReadBy(InteropManifest.JsWriter);

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Reduct_js_queries_exactly_what_Reduct_Client_wrote(string queryName, string reader)
    {
        var query = InteropManifest.Current.GetQuery(queryName);
        var scenario = InteropManifest.Current.Get(query.Scenario);
        var server = await fixture.ServerForAsync(InteropReader.Parse(reader));
        var bucket = await server.NewBucketAsync("query-js");

        var differences = new RecordDifferences();
        differences.CheckErrors(scenario, "Reduct.Client", await CSharpScenarioWriter.WriteAsync(bucket, scenario));
        differences.AssertNone();

        var outcome = await server.Scripts.RunAsync("query.mjs", bucket.Name, "--query", query.Name);
        outcome.AssertSucceeded($"reduct-js running query '{query.Name}' as {reader}");
        Assert.Equal(query.Expected.Count, ReductJsReport.Parse(outcome).ForQuery(query.Name).Records.Count);
    }
}
