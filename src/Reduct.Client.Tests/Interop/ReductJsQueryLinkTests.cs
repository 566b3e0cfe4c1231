using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Interop;

/// <summary>
/// Query links made by reduct-js over records Reduct.Client wrote, downloaded with a plain HTTP client: the reference
/// server reads the official SDK's link body as it reads Reduct.Client's.
/// </summary>
public sealed class ReductJsQueryLinkTests
{
    private const string ApiToken = "link-interop-admin";
    private const string BucketName = "linked";
    private const ulong First = 1_700_000_000_000_000;

    [Fact]
    public async Task Links_made_by_reduct_js_download_the_records_they_name()
    {
        await NodeEnvironment.PrepareAsync();
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = ApiToken });
        using var admin = new ReductClient(server.Url, ApiToken);
        Bucket bucket = await admin.CreateBucketAsync(BucketName);
        await bucket.WriteAsync("seed", "first"u8.ToArray(), First, new RecordWriteOptions { ContentType = "text/plain" });
        await bucket.WriteAsync("seed", "second"u8.ToArray(), First + 10);

        string folder = Directory.CreateTempSubdirectory("reduct-link-interop-").FullName;
        try
        {
            string linkFile = Path.Combine(folder, "links.txt");
            var outcome = await new ReductJsScripts(server.Url, ApiToken).RunAsync("links.mjs", BucketName, "--link-file", linkFile);
            outcome.AssertSucceeded("reduct-js query links");
            string[] links = await File.ReadAllLinesAsync(linkFile);

            using var anonymous = new HttpClient();
            using HttpResponseMessage first = await anonymous.GetAsync(links[0]);
            Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
            Assert.Equal("first", await first.Content.ReadAsStringAsync());
            Assert.Equal("text/plain", first.Content.Headers.ContentType?.ToString());
            Assert.Equal("second", await anonymous.GetStringAsync(links[1]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
