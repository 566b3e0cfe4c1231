namespace Reduct.Client.Tests.Interop;

/// <summary>reduct-js writes each scenario; Reduct.Client reads every record back and compares it exactly.</summary>
[Collection(InteropCollection.Name)]
public class ReductJsWritesTests(InteropFixture fixture)
{
    public static TheoryData<string> Scenarios => InteropManifest.ScenariosWrittenBy(InteropManifest.JsWriter);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Reduct_Client_reads_back_exactly_what_reduct_js_wrote(string scenarioName)
    {
        var scenario = InteropManifest.Current.Get(scenarioName);
        var bucket = await fixture.NewBucketAsync("from-js");

        var outcome = await fixture.Scripts.RunAsync("write.mjs", bucket.Name, "--scenario", scenario.Name);
        outcome.AssertSucceeded($"reduct-js writing scenario '{scenario.Name}'");

        var differences = new RecordDifferences();
        differences.CheckErrors(scenario, "reduct-js", ReductJsReport.Parse(outcome).For(scenario.Name).Errors);
        foreach (var record in scenario.ExpectedStoredRecords())
        {
            await differences.CheckRecordAsync(bucket, scenario, record);
        }

        differences.AssertNone(outcome.Describe());
    }
}
