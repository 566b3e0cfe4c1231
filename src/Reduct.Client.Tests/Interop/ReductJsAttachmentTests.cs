using System.Text.Json;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Interop;

using Condition = Reduct.Client.Condition;

/// <summary>
/// Attachments and lifecycle policies between reduct-js 1.20.0 and Reduct.Client: each SDK reads what the other
/// wrote, and a removal by one is seen by the other.
/// </summary>
public class ReductJsAttachmentTests
{
    private const string ApiToken = "attachment-token";
    private const string BucketName = "shared";

    [Fact]
    public async Task Attachments_and_lifecycle_policies_written_by_one_sdk_read_the_same_in_the_other()
    {
        await NodeEnvironment.PrepareAsync();
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = ApiToken });
        using var client = new ReductClient(server.Url, ApiToken);
        Bucket bucket = await client.CreateBucketAsync(BucketName);
        await bucket.WriteAsync("cs-entry", "x"u8.ToArray(), 1);
        await bucket.WriteAttachmentsAsync("cs-entry", new Dictionary<string, JsonElement>
        {
            ["calibration"] = JsonDocument.Parse("""{"gain":2.5,"offsets":[1,-1]}""").RootElement.Clone(),
            ["name"] = JsonDocument.Parse("\"front\"").RootElement.Clone(),
        });
        await bucket.WriteAttachmentsAsync("cs-doomed", new Dictionary<string, JsonElement> { ["a"] = JsonDocument.Parse("1").RootElement.Clone() });
        await client.CreateLifecycleAsync("cs-policy", new LifecycleSettings
        {
            Type = LifecycleType.Delete,
            Bucket = BucketName,
            Entries = ["cam-*"],
            OlderThan = TimeSpan.FromDays(30),
            Interval = TimeSpan.FromMinutes(90),
            When = Condition.Label("quality").LessThan(5),
            Mode = LifecycleMode.DryRun,
        });

        var outcome = await new ReductJsScripts(server.Url, ApiToken).RunAsync("attachments.mjs", BucketName);
        outcome.AssertSucceeded("reduct-js attachment and lifecycle calls");

        IReadOnlyDictionary<string, JsonElement> fromJs = await bucket.ReadAttachmentsAsync("js-entry");
        Assert.Equal(["note", "schema"], fromJs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("written by reduct-js", fromJs["note"].GetString());
        Assert.Equal("""{"fields":["t","v"],"version":2}""", fromJs["schema"].GetRawText());
        Assert.All(server.Storage.GetRecords(BucketName, "js-entry/$meta"), r => Assert.Equal("application/json", r.ContentType));
        Assert.Empty(await bucket.ReadAttachmentsAsync("cs-doomed"));
        Assert.Equal("true", Assert.Single(server.Storage.GetRecords(BucketName, "cs-doomed/$meta")).Labels["remove"]);

        Assert.Equal(1, await bucket.RemoveAttachmentsAsync("js-entry", ["note"]));
        Assert.Equal(["schema"], await bucket.ListAttachmentsAsync("js-entry"));

        FullLifecycleInfo fromJsPolicy = await client.GetLifecycleAsync("js-policy");
        Assert.Equal(LifecycleType.Delete, fromJsPolicy.Info.Type);
        Assert.Equal(LifecycleMode.Disabled, fromJsPolicy.Settings.Mode);
        Assert.Equal(TimeSpan.FromDays(7), fromJsPolicy.Settings.OlderThan);
        Assert.Equal(TimeSpan.FromMinutes(15), fromJsPolicy.Settings.Interval);
        Assert.Equal(["js-*"], fromJsPolicy.Settings.Entries);
    }
}
