namespace Reduct.Client.Tests.Interop;

/// <summary>
/// reduct-js writes a query's scenario; Reduct.Client runs the query and every record it returns is compared
/// with the manifest. Against the current API a query on one entry is protocol v1 and one over several is v2;
/// against an older one (a reader such as <c>csharp@1.17</c>) both are v1, one query per entry.
/// </summary>
[Collection(InteropCollection.Name)]
public class ReductClientQueriesTests(InteropFixture fixture)
{
    public static TheoryData<string, string> Queries => InteropManifest.QueriesReadBy(InteropManifest.CSharpWriter);

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Reduct_Client_queries_exactly_what_reduct_js_wrote(string queryName, string reader)
    {
        var query = InteropManifest.Current.GetQuery(queryName);
        var scenario = InteropManifest.Current.Get(query.Scenario);
        var server = await fixture.ServerForAsync(InteropReader.Parse(reader));
        var bucket = await server.NewBucketAsync("query-csharp");

        var outcome = await server.Scripts.RunAsync("write.mjs", bucket.Name, "--scenario", scenario.Name);
        outcome.AssertSucceeded($"reduct-js writing scenario '{scenario.Name}'");

        var differences = new RecordDifferences();
        differences.CheckQuery(query, query.ExpectedRecords(scenario), await CSharpQueryRunner.RunAsync(bucket, query));
        differences.AssertNone();
    }
}
