using System.Globalization;
using System.Text;
using Reduct.Client;
using Reduct.Client.Samples;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Samples;

/// <summary>The QuickStart runs to the end on every supported server version, with names the server accepts.</summary>
public sealed class QuickStartTests
{
    [Theory]
    [InlineData("1.17", "sensors-temperature", "sensors-humidity")]
    [InlineData("1.18", "sensors-temperature", "sensors-humidity")]
    [InlineData("1.19", "sensors/temperature", "sensors/humidity")]
    [InlineData("1.21", "sensors/temperature", "sensors/humidity")]
    public async Task QuickStart_runs_to_the_end(string version, string temperature, string humidity)
    {
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = version });
        using var client = new ReductClient(server.Url);
        using var output = new StringWriter();

        await QuickStartFlow.RunAsync(client, output);

        string text = output.ToString();
        Assert.Contains($"5. record batch:    6 records in 2 entries, 0 failed; {humidity} -> \"42\" (unit=percent)", text, StringComparison.Ordinal);
        Assert.Equal(3, server.Storage.GetRecords(QuickStartFlow.BucketName, temperature).Count);
        string pattern = temperature.Contains('/', StringComparison.Ordinal) ? "sensors/*" : "sensors-*";
        Assert.Contains($"6. query:           {pattern} where unit = celsius -> 3 records: 20.5 @ ", text, StringComparison.Ordinal);
        Assert.Equal(3, server.Storage.GetRecords(QuickStartFlow.BucketName, humidity).Count);
        Assert.Equal(temperature.Contains('/', StringComparison.Ordinal), !text.Contains("entry names with '/' need 1.19", StringComparison.Ordinal));
        Assert.Equal(4, server.Storage.GetRecords(QuickStartFlow.BucketName, "entry-2").Count);
    }

    [Fact]
    public async Task QuickStart_prints_progress_as_separate_lines_and_times_as_iso_8601()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        using var output = new StringWriter();

        await QuickStartFlow.RunAsync(client, output);

        string text = output.ToString();
        string[] lines = text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain('\r', text.Replace(Environment.NewLine, "\n", StringComparison.Ordinal));
        long total = 32L * 1024 * 1024;
        Assert.Equal(
            [25, 50, 75, 100],
            lines.Where(l => l.StartsWith("   large stream:", StringComparison.Ordinal)).Select(l => int.Parse(l[20..23], CultureInfo.InvariantCulture)));
        Assert.Contains($"   large stream:    100% ({total:N0} of {total:N0} bytes)", lines);
        Assert.Equal(total, Assert.Single(server.Storage.GetRecords(QuickStartFlow.BucketName, "entry-3")).Length);

        // Each time printed is the stored record's, as ISO 8601; no raw microseconds.
        IReadOnlyList<StoredRecord> entry1 = server.Storage.GetRecords(QuickStartFlow.BucketName, "entry-1");
        Assert.Equal(3, entry1.Count);
        Assert.Contains($"1. simple write:    entry-1 @ {Iso(entry1[0].Timestamp)} -> \"Hey!!\"", text, StringComparison.Ordinal);
        Assert.Contains($"2. streamed write:  entry-1 @ {Iso(entry1[1].Timestamp)} -> \"Part1Part2!\"", text, StringComparison.Ordinal);
        Assert.Contains($"3. labelled write:  entry-1 @ {Iso(entry1[2].Timestamp)} -> \"<Binary data>\"", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"@ \d{10,}", text);
    }

    [Fact]
    public async Task QuickStart_announces_the_second_batch_and_its_map_holds_only_the_taken_timestamp()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        using var output = new StringWriter();

        await QuickStartFlow.RunAsync(client, output);

        List<string> lines = [.. output.ToString().Split(Environment.NewLine)];
        int batchLine = lines.IndexOf("4. batch write:     entry-2, 3 records, 0 failed");
        Assert.True(batchLine >= 0, output.ToString());
        Assert.StartsWith("   second batch:    \"Rec 2 again\" @ 2024-02-02T10:00:01.000000Z (taken) and \"Rec 4\" @ ", lines[batchLine + 1], StringComparison.Ordinal);
        Assert.EndsWith("(new): only the first is refused", lines[batchLine + 1], StringComparison.Ordinal);
        Assert.Equal("   error map:       2024-02-02T10:00:01.000000Z -> 409 A record with timestamp 1706868001000000 already exists", lines[batchLine + 2]);
        Assert.Equal("   read back:       \"Rec 2\" (the first write is kept), \"Rec 4\" (stored)", lines[batchLine + 3]);

        // What the lines say is what the server holds: the first "Rec 2" and the new "Rec 4".
        IReadOnlyList<StoredRecord> entry2 = server.Storage.GetRecords(QuickStartFlow.BucketName, "entry-2");
        Assert.Equal(["Rec 1", "Rec 2", "Rec 3", "Rec 4"], entry2.Select(r => Encoding.UTF8.GetString(r.ReadData())));
        string newAt = Iso(entry2[3].Timestamp);
        Assert.Contains($"\"Rec 4\" @ {newAt} (new)", lines[batchLine + 1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuickStart_run_again_on_the_same_server_says_why_the_first_batch_failed()
    {
        await using var server = await ReductTestServer.StartAsync();
        using var client = new ReductClient(server.Url);
        await QuickStartFlow.RunAsync(client, TextWriter.Null);
        using var output = new StringWriter();

        await QuickStartFlow.RunAsync(client, output);

        Assert.Contains("4. batch write:     entry-2, 3 records, 3 failed (409 already exists: an earlier run stored them)", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(5, server.Storage.GetRecords(QuickStartFlow.BucketName, "entry-2").Count);
    }

    private static string Iso(ulong microseconds) => new ReductTimestamp(microseconds).ToString("O", CultureInfo.InvariantCulture);
}
