// QuickStart: the ingestion cases of Reduct.Client, each writing a record and reading it back.
//
//   dotnet run --project samples/QuickStart
//
// With REDUCT_URL (and REDUCT_API_TOKEN) set, it talks to that server; otherwise it starts the embedded
// reference server from Reduct.Client.Testing, emulating the API version in REDUCT_EMBEDDED_API_VERSION
// (for example 1.17) when that is set. It runs to the end against every server version the SDK supports,
// and exits with a non-zero code on any failure.
using Reduct.Client;
using Reduct.Client.Samples;
using Reduct.Client.Testing;

try
{
    string? url = Environment.GetEnvironmentVariable("REDUCT_URL");
    string? embeddedVersion = Environment.GetEnvironmentVariable("REDUCT_EMBEDDED_API_VERSION");
    await using ReductTestServer? embedded = string.IsNullOrEmpty(url)
        ? await ReductTestServer.StartAsync(string.IsNullOrEmpty(embeddedVersion)
            ? new ReductTestServerOptions()
            : new ReductTestServerOptions { ApiVersion = embeddedVersion })
        : null;
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
    await QuickStartFlow.RunAsync(client, Console.Out);
    Console.WriteLine("QuickStart finished: every record was read back.");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"QuickStart failed: {ex}");
    return 1;
}
