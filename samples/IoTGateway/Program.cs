// IoTGateway: simulated sensors writing small readings through an IngestionWriter.
//
//   dotnet run --project samples/IoTGateway -- [--sensors 50] [--rate 100] [--duration 10] [--payload 16] [--compression none|gzip|zstd] [--spool DIRECTORY]
//
// With --spool the writer keeps accepted readings in that directory until the server has stored them (store and
// forward): they survive a server or link that is down, and a restart of the gateway, which sends them first; the
// progress line then shows the records and bytes in the spool and the age of the oldest.
//
// Each sensor produces --rate readings per second of --payload bytes into its own entry: a temperature that drifts
// (8 bytes), a sequence number (4 bytes) and zeros. The writer batches them in the background, compressed with
// --compression when the server decodes compressed bodies (API 1.21+); a progress line (a new line each second when
// the output is redirected) shows records/s, request-head and wire bytes per record (head and body as they arrived,
// measured by the embedded reference server) and failures. With REDUCT_URL (and REDUCT_API_TOKEN) set it writes to
// that server instead, and the byte figures are not available.
using System.Diagnostics;
using System.Globalization;
using Reduct.Client;
using Reduct.Client.Testing;

GatewaySettings settings;
try
{
    settings = GatewaySettings.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("usage: IoTGateway [--sensors N] [--rate READINGS_PER_SECOND] [--duration SECONDS] [--payload BYTES] [--compression none|gzip|zstd] [--spool DIRECTORY]");
    return 2;
}

string? url = Environment.GetEnvironmentVariable("REDUCT_URL");
await using ReductTestServer? embedded = string.IsNullOrEmpty(url)
    ? await ReductTestServer.StartAsync(new ReductTestServerOptions { DiscardBodies = true })
    : null;
url ??= embedded!.Url.ToString();
Console.WriteLine(embedded is null ? $"Writing to {url}" : $"REDUCT_URL is not set: writing to the embedded reference server at {url}");

using var client = new ReductClient(new ReductClientOptions
{
    Url = new Uri(url),
    ApiToken = Environment.GetEnvironmentVariable("REDUCT_API_TOKEN"),
    Compression = settings.Compression,
});
Bucket bucket = await client.CreateBucketAsync("iot-gateway", existOk: true);
long failures = 0;
long written = 0;
await using IngestionWriter writer = bucket.CreateWriter(new IngestionWriterOptions
{
    Spool = settings.Spool is null ? null : new SpoolOptions { Directory = settings.Spool },
    OnFailure = failure =>
    {
        if (Interlocked.Increment(ref failures) <= 5)
        {
            Console.Error.WriteLine($"\nfailed: {failure.Entry} @ {failure.Timestamp}: {failure.Error.Message}");
        }

        return ValueTask.CompletedTask;
    },
});

// Readings are timestamped from the start of the run, one period apart, so every run writes new records.
ulong start = ReductTimestamp.Now.Microseconds;
ulong periodMicroseconds = (ulong)(1_000_000 / settings.Rate);
var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(settings.Duration));
embedded?.Statistics.Reset();

Task[] sensors = [.. Enumerable.Range(0, settings.Sensors).Select(id => Task.Run(async () =>
{
    EntryWriter entry = writer.OpenEntry($"sensors/s{id:D3}", "application/octet-stream", new Labels { ["sensor"] = id, ["kind"] = "temperature" });
    byte[] reading = new byte[settings.Payload];
    var random = new Random(id);
    double temperature = 20 + (id % 10);
    ulong sent = 0;
    while (!stop.IsCancellationRequested)
    {
        // Catch up with the clock: write every reading that is due, then wait a little.
        ulong due = (ulong)(clock.Elapsed.TotalSeconds * settings.Rate);
        for (; sent < due; sent++)
        {
            temperature += (random.NextDouble() - 0.5) * 0.02;
            FillReading(reading, temperature, (uint)sent);
            await entry.WriteAsync(start + (sent * periodMicroseconds), reading);
            Interlocked.Increment(ref written);
        }

        await Task.Delay(10, CancellationToken.None);
    }
}))];

Task all = Task.WhenAll(sensors);
while (!all.IsCompleted)
{
    await Task.WhenAny(all, Task.Delay(1000));
    PrintProgress(final: false);
}

await all;
IReadOnlyList<FailedRecord> late = await writer.FlushAsync();
PrintProgress(final: true);
if (!Console.IsOutputRedirected)
{
    Console.WriteLine();
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Summary: {written} readings from {settings.Sensors} sensors in {clock.Elapsed.TotalSeconds:F1} s ({written / clock.Elapsed.TotalSeconds:F0} records/s), {Interlocked.Read(ref failures)} failed, {HeadBytes()}, compression {settings.Compression}"));
return Interlocked.Read(ref failures) == 0 && late.Count == 0 ? 0 : 1;

void PrintProgress(bool final)
{
    double seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
    long count = Interlocked.Read(ref written);
    string line = string.Create(CultureInfo.InvariantCulture,
        $"{seconds,5:F1} s  {count,9} records  {count / seconds,8:F0} records/s  {Buffered()}  {HeadBytes()}  failures {Interlocked.Read(ref failures)}");

    // One line rewritten in place on a terminal; a line each second in a log file, which a carriage return would not split.
    if (Console.IsOutputRedirected)
    {
        Console.WriteLine(line);
    }
    else
    {
        Console.Write("\r" + line + (final ? string.Empty : "   "));
    }
}

string Buffered() => settings.Spool is null
    ? string.Create(CultureInfo.InvariantCulture, $"buffered {writer.BufferedRecords,6}")
    : string.Create(CultureInfo.InvariantCulture, $"spool {writer.BufferedRecords,6} records {writer.BufferedBytes / 1024.0,8:F0} KiB oldest {writer.SpoolOldestAge.TotalSeconds,5:F1} s");

string HeadBytes()
{
    if (embedded is null)
    {
        return "head bytes/record n/a";
    }

    long stored = embedded.Storage.CountRecords("iot-gateway");
    ReductTestStatistics traffic = embedded.Statistics;
    return stored == 0
        ? "head bytes/record -"
        : string.Create(CultureInfo.InvariantCulture,
            $"head bytes/record {traffic.RequestHeadBytes / (double)stored:F1}, wire bytes/record {(traffic.RequestHeadBytes + traffic.WireBodyBytes) / (double)stored:F1}");
}

// A reading as a sensor might send it: the value (8 bytes), a sequence number (4 bytes), the rest zeros.
static void FillReading(byte[] reading, double value, uint sequence)
{
    Span<byte> bytes = reading;
    bytes.Clear();
    if (bytes.Length >= 8)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(bytes, Math.Round(value, 2));
    }

    if (bytes.Length >= 12)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], sequence);
    }
}

/// <summary>Command-line settings of the gateway simulation.</summary>
internal sealed record GatewaySettings(int Sensors, double Rate, double Duration, int Payload, ReductCompression Compression, string? Spool)
{
    public static GatewaySettings Parse(string[] args)
    {
        var settings = new GatewaySettings(50, 100, 10, 16, ReductCompression.None, null);
        for (int i = 0; i < args.Length; i += 2)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option {args[i]} needs a value.");
            settings = args[i] switch
            {
                "--sensors" => settings with { Sensors = ParsePositive(args[i], value, 10_000) },
                "--rate" => settings with { Rate = ParsePositive(args[i], value, 1_000_000) },
                "--duration" => settings with { Duration = ParsePositive(args[i], value, 86_400) },
                "--payload" => settings with { Payload = ParsePositive(args[i], value, 1_000_000) },
                "--compression" => settings with { Compression = ParseCompression(value) },
                "--spool" => settings with { Spool = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return settings;
    }

    private static ReductCompression ParseCompression(string value) => value switch
    {
        "none" => ReductCompression.None,
        "gzip" => ReductCompression.Gzip,
        "zstd" => ReductCompression.Zstd,
        _ => throw new ArgumentException($"--compression must be none, gzip or zstd, not '{value}'."),
    };

    private static int ParsePositive(string option, string value, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) && parsed > 0 && parsed <= max
            ? parsed
            : throw new ArgumentException($"{option} must be a whole number from 1 to {max}, not '{value}'.");
}
