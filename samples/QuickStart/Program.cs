// QuickStart: the ingestion cases of Reduct.Client, each writing a record and reading it back.
//
//   dotnet run --project samples/QuickStart
//
// With REDUCT_URL (and REDUCT_API_TOKEN) set, it talks to that server; otherwise it starts the embedded
// reference server from Reduct.Client.Testing. It exits with a non-zero code on any failure.
using System.Text;
using Reduct.Client;
using Reduct.Client.Testing;

try
{
    string? url = Environment.GetEnvironmentVariable("REDUCT_URL");
    await using ReductTestServer? embedded = string.IsNullOrEmpty(url) ? await ReductTestServer.StartAsync() : null;
    if (embedded is not null)
    {
        url = embedded.Url.ToString();
        Console.WriteLine($"REDUCT_URL is not set: using the embedded reference server at {url}");
    }
    else
    {
        Console.WriteLine($"Using the ReductStore server at {url}");
    }

    using var client = new ReductClient(url!, Environment.GetEnvironmentVariable("REDUCT_API_TOKEN"));
    Bucket bucket = await client.CreateBucketAsync("my-bucket", existOk: true);

    // Unique timestamps per run, so the sample can run again against the same server.
    ReductTimestamp start = ReductTimestamp.Now;

    // 1. A simple write: a whole record from bytes.
    ReductTimestamp simpleAt = start;
    await bucket.WriteAsync("entry-1", "Hey!!"u8.ToArray(), simpleAt);
    await using (ReductRecord record = await bucket.ReadAsync("entry-1", simpleAt))
    {
        Console.WriteLine($"1. simple write:    entry-1 @ {record.Timestamp} -> \"{Encoding.UTF8.GetString(await record.ReadAllBytesAsync())}\" ({record.ContentType})");
    }

    // 2. A streamed write: the record comes from chunks, its total length is given up front.
    ReductTimestamp streamedAt = new(start.Microseconds + 1);
    await bucket.WriteAsync("entry-1", Chunks(), contentLength: 11, streamedAt);
    await using (ReductRecord record = await bucket.ReadAsync("entry-1", streamedAt))
    {
        Console.WriteLine($"2. streamed write:  entry-1 @ {record.Timestamp} -> \"{Encoding.UTF8.GetString(await record.ReadAllBytesAsync())}\" ({record.Length} bytes)");
    }

    // 3. Labels and a content type.
    ReductTimestamp labelledAt = new(start.Microseconds + 2);
    await bucket.WriteAsync("entry-1", "<Binary data>"u8.ToArray(), labelledAt, new RecordWriteOptions
    {
        ContentType = "image/png",
        Labels = new Labels { ["score"] = 0.9, ["camera"] = "front" },
    });
    await using (ReductRecord record = await bucket.ReadAsync("entry-1", labelledAt))
    {
        string labels = string.Join(", ", record.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        Console.WriteLine($"3. labelled write:  entry-1 @ {record.Timestamp} -> \"{Encoding.UTF8.GetString(await record.ReadAllBytesAsync())}\" ({record.ContentType}; {labels})");
    }

    Console.WriteLine("QuickStart finished: every record was read back.");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"QuickStart failed: {ex}");
    return 1;
}

static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks()
{
    yield return "Part1"u8.ToArray();
    await Task.Yield();
    yield return "Part2!"u8.ToArray();
}
