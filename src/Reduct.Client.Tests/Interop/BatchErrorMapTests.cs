namespace Reduct.Client.Tests.Interop;

/// <summary>For the same conflicting batch, both SDKs report the same per-record errors: entry, timestamp, status and message.</summary>
[Collection(InteropCollection.Name)]
public class BatchErrorMapTests(InteropFixture fixture)
{
    public static TheoryData<string> ScenariosWithErrors
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var scenario in InteropManifest.Current.Scenarios.Where(scenario =>
                scenario.Errors.Count > 0
                && scenario.Writers.Contains(InteropManifest.JsWriter)
                && scenario.Writers.Contains(InteropManifest.CSharpWriter)))
            {
                names.Add(scenario.Name);
            }

            return names;
        }
    }

    [Theory]
    [MemberData(nameof(ScenariosWithErrors))]
    public async Task Both_SDKs_report_the_same_error_map(string scenarioName)
    {
        var scenario = InteropManifest.Current.Get(scenarioName);
        var jsBucket = await fixture.NewBucketAsync("errors-js");
        var csharpBucket = await fixture.NewBucketAsync("errors-csharp");

        var outcome = await fixture.Scripts.RunAsync("write.mjs", jsBucket.Name, "--scenario", scenario.Name);
        outcome.AssertSucceeded($"reduct-js writing scenario '{scenario.Name}'");
        var jsErrors = Sorted(ReductJsReport.Parse(outcome).For(scenario.Name).Errors);
        var csharpErrors = Sorted(await CSharpScenarioWriter.WriteAsync(csharpBucket, scenario));

        Assert.Equal(Sorted(scenario.Errors), csharpErrors);
        Assert.Equal(jsErrors, csharpErrors);
    }

    private static List<InteropError> Sorted(IEnumerable<InteropError> errors) =>
        errors.OrderBy(error => error.Entry, StringComparer.Ordinal).ThenBy(error => ulong.Parse(error.Ts, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}
