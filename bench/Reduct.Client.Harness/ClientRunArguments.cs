using System.Globalization;

namespace Reduct.Client.Harness;

/// <summary>
/// The command line of one client process: which client and path, which server and buckets, and the
/// records to write or read. The harness builds it; the .NET child and the Node.js script read the same options.
/// </summary>
internal sealed record ClientRunArguments(
    ClientKind Client,
    ClientPath Path,
    Uri ServerUrl,
    string Bucket,
    string WarmupBucket,
    string LaterWarmupBuckets,
    WorkloadShape Measured,
    WorkloadShape Warmup,
    TimeSpan Settle)
{
    public const string ChildSwitch = "--child";

    /// <summary>The options after <see cref="ChildSwitch"/> (the .NET child) or the script name (Node.js).</summary>
    public IReadOnlyList<string> ToArguments() =>
    [
        "--client", ClientName(Client),
        "--path", PathName(Path),
        "--url", ServerUrl.AbsoluteUri,
        "--bucket", Bucket,
        "--warmup-bucket", WarmupBucket,
        "--later-warmup-buckets", LaterWarmupBuckets,
        "--records", Measured.Records.ToString(CultureInfo.InvariantCulture),
        "--size", Measured.RecordSize.ToString(CultureInfo.InvariantCulture),
        "--entries", Measured.Entries.ToString(CultureInfo.InvariantCulture),
        "--chunk", Measured.ChunkSize.ToString(CultureInfo.InvariantCulture),
        "--warmup-records", Warmup.Records.ToString(CultureInfo.InvariantCulture),
        "--warmup-size", Warmup.RecordSize.ToString(CultureInfo.InvariantCulture),
        "--settle-ms", ((long)Settle.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>Reads the options written by <see cref="ToArguments"/>.</summary>
    /// <exception cref="ArgumentException">An option is missing, unknown or malformed.</exception>
    public static ClientRunArguments Parse(IReadOnlyList<string> arguments)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < arguments.Count; i += 2)
        {
            if (!arguments[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= arguments.Count)
            {
                throw new ArgumentException($"Unexpected child argument '{arguments[i]}'.", nameof(arguments));
            }

            values[arguments[i][2..]] = arguments[i + 1];
        }

        string Required(string name) =>
            values.TryGetValue(name, out string? value) ? value : throw new ArgumentException($"--{name} is required.", nameof(arguments));

        long Number(string name) =>
            long.TryParse(Required(name), NumberStyles.None, CultureInfo.InvariantCulture, out long value)
                ? value
                : throw new ArgumentException($"--{name} must be a non-negative integer.", nameof(arguments));

        int entries = (int)Number("entries");
        int chunk = (int)Number("chunk");
        return new ClientRunArguments(
            ParseClient(Required("client")),
            ParsePath(Required("path")),
            new Uri(Required("url")),
            Required("bucket"),
            Required("warmup-bucket"),
            Required("later-warmup-buckets"),
            new WorkloadShape((int)Number("records"), Number("size"), entries, chunk),
            new WorkloadShape((int)Number("warmup-records"), Number("warmup-size"), entries, chunk),
            TimeSpan.FromMilliseconds(Number("settle-ms")));
    }

    public static string ClientName(ClientKind client) => client switch
    {
        ClientKind.RawHttp => "raw",
        ClientKind.ReductClient => "reduct",
        ClientKind.ReductJs => "js",
        _ => throw new ArgumentOutOfRangeException(nameof(client), client, null),
    };

    public static string PathName(ClientPath path) => path switch
    {
        ClientPath.Single => "single",
        ClientPath.BatchV1 => "batch-v1",
        ClientPath.BatchV2 => "batch-v2",
        ClientPath.Writer => "writer",
        ClientPath.Stream => "stream",
        ClientPath.Query => "query",
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, null),
    };

    private static ClientKind ParseClient(string name)
    {
        foreach (ClientKind client in Enum.GetValues<ClientKind>())
        {
            if (ClientName(client) == name)
            {
                return client;
            }
        }

        throw new ArgumentException($"Unknown client '{name}'.");
    }

    /// <exception cref="ArgumentException">No path has this name.</exception>
    public static ClientPath ParsePath(string name)
    {
        foreach (ClientPath path in Enum.GetValues<ClientPath>())
        {
            if (PathName(path) == name)
            {
                return path;
            }
        }

        throw new ArgumentException($"Unknown path '{name}'.");
    }
}
