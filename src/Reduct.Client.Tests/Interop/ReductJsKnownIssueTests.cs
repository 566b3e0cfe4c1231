namespace Reduct.Client.Tests.Interop;

/// <summary>
/// Pins where reduct-js 1.20.0 disagrees with ReductStore, so an upgrade that fixes it is noticed
/// and the scenario can move into the regular tests.
/// </summary>
[Collection(InteropCollection.Name)]
public class ReductJsKnownIssueTests(InteropFixture fixture)
{
    private const string InterleavedScenario = "record-batch-interleaved";

    /// <summary>
    /// ReductStore reads a v2 batch body entry by entry (by entry index), then by time. reduct-js
    /// 1.20.0 concatenates the bodies in time order across entries, so when entries alternate in
    /// time the server hands each record bytes that belong to others. Headers (content type,
    /// labels, lengths) still arrive intact.
    /// </summary>
    [Fact]
    public async Task Reduct_js_sends_an_interleaved_record_batch_in_time_order_and_the_server_cuts_it_entry_by_entry()
    {
        var scenario = InteropManifest.Current.Get(InterleavedScenario);
        Assert.DoesNotContain(InteropManifest.JsWriter, scenario.Writers);
        var bucket = await fixture.NewBucketAsync("js-interleaved");

        var outcome = await fixture.Scripts.RunAsync("write.mjs", bucket.Name, "--scenario", scenario.Name);
        outcome.AssertSucceeded($"reduct-js writing scenario '{scenario.Name}'");

        var storedBodies = BatchBodyOrder.Cut(BatchBodyOrder.InTimeOrder(scenario.Records), BatchBodyOrder.InEntryOrder(scenario.Records));
        Assert.Contains(scenario.Records, record => !storedBodies[record].AsSpan().SequenceEqual(record.Body.ToBytes()));

        var asIntended = true;
        var differences = new RecordDifferences();
        foreach (var record in scenario.Records)
        {
            await using var read = await bucket.ReadAsync(record.Entry, record.Timestamp);
            var body = await read.ReadAllBytesAsync();
            asIntended &= body.AsSpan().SequenceEqual(record.Body.ToBytes());
            if (read.ContentType != record.ExpectedContentType)
            {
                differences.Add(scenario, record.ToString(), "content type", record.ExpectedContentType, read.ContentType);
            }

            if (!read.Labels.OrderBy(label => label.Key, StringComparer.Ordinal).SequenceEqual(record.ExpectedLabels.OrderBy(label => label.Key, StringComparer.Ordinal)))
            {
                differences.Add(scenario, record.ToString(), "labels", Format(record.ExpectedLabels), Format(read.Labels));
            }

            if (!body.AsSpan().SequenceEqual(storedBodies[record]))
            {
                differences.Add(scenario, record.ToString(), "body (as ReductStore would store reduct-js's body)", Convert.ToHexStringLower(storedBodies[record]), Convert.ToHexStringLower(body));
            }
        }

        if (asIntended)
        {
            Assert.Fail(
                $"reduct-js now writes '{scenario.Name}' correctly: add \"js\" to its writers in interop/js/scenarios.json and delete this test.");
        }

        differences.AssertNone(outcome.Describe());
    }

    private static string Format(IEnumerable<KeyValuePair<string, string>> labels) =>
        "{" + string.Join(", ", labels.OrderBy(label => label.Key, StringComparer.Ordinal).Select(label => $"{label.Key}={label.Value}")) + "}";
}
