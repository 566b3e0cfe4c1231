namespace Reduct.Client.Tests.Interop;

/// <summary>Reduct.Client writes each scenario; reduct-js reads every record back and compares it exactly.</summary>
[Collection(InteropCollection.Name)]
public class ReductClientWritesTests(InteropFixture fixture)
{
    public static TheoryData<string> Scenarios => InteropManifest.ScenariosWrittenBy(InteropManifest.CSharpWriter);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Reduct_js_reads_back_exactly_what_Reduct_Client_wrote(string scenarioName)
    {
        var scenario = InteropManifest.Current.Get(scenarioName);
        var bucket = await fixture.NewBucketAsync("from-csharp");

        var errors = await CSharpScenarioWriter.WriteAsync(bucket, scenario);
        var differences = new RecordDifferences();
        differences.CheckErrors(scenario, "Reduct.Client", errors);
        differences.AssertNone();

        var outcome = await fixture.Scripts.RunAsync("verify.mjs", bucket.Name, "--written-by", InteropManifest.CSharpWriter, "--scenario", scenario.Name);
        outcome.AssertSucceeded($"reduct-js checking scenario '{scenario.Name}'");
        Assert.Equal(scenario.ExpectedStoredRecords().Count(), ReductJsReport.Parse(outcome).For(scenario.Name).Checked);
    }
}
