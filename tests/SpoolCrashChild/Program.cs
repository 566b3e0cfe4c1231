// The child of the spool crash test (Reduct.Client.Tests/Spooling/SpoolCrashTests):
//
//   SpoolCrashChild write <server url> <spool directory> <first index>   writes records from the index on, printing
//                                                                          "ok <i>" once each WriteAsync has returned,
//                                                                          until it is killed
//   SpoolCrashChild drain <server url> <spool directory>                  sends what the spool holds, then prints
//                                                                          "drained <failures>" and exits
using System.Globalization;
using System.Text;
using Reduct.Client;

string mode = args[0];
using var client = new ReductClient(args[1]);
var options = new IngestionWriterOptions
{
    Spool = new SpoolOptions { Directory = args[2], SegmentBytes = 64 * 1024, MaxBytes = 256L * 1024 * 1024 },
};
await using IngestionWriter writer = client.GetBucket("crash").CreateWriter(options);
Console.Out.Flush();
if (mode == "drain")
{
    IReadOnlyList<FailedRecord> failures = await writer.CloseAsync();
    Console.WriteLine($"drained {failures.Count} recovered {writer.SpoolRecovery!.Records} cut {writer.SpoolRecovery.CutRecords}");
    return 0;
}

EntryWriter[] entries = [.. Enumerable.Range(0, 4).Select(e => writer.OpenEntry($"e-{e}", "text/plain"))];
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
for (long i = long.Parse(args[3], CultureInfo.InvariantCulture); ; i++)
{
    await entries[i % 4].WriteAsync(new ReductTimestamp((ulong)(1_000_000 + i)), Encoding.UTF8.GetBytes($"record {i}"),
        new Labels { ["i"] = i });
    stdout.WriteLine($"ok {i}");
}
