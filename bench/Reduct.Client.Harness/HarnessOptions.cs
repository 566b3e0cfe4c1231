using System.Globalization;

namespace Reduct.Client.Harness;

/// <summary>The harness's command line.</summary>
internal sealed class HarnessOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/Reduct.Client.Harness -- [options]

          --smoke             small counts: checks every client, write path and read, finishes in well under a minute
          --out PATH          write the results into PATH (a Markdown file), between <!-- harness:begin --> and
                              <!-- harness:end --> (appended when the markers are missing)
          --rounds N          repeat the runs shorter than 5 s up to N times in all, alternating the clients; each
                              row shows its fastest run, and a target comparing two repeated rows is judged on the
                              median of their round-by-round ratios (default 9; 1 with --smoke)
          --workload NAME     only this workload (repeatable): small-one-entry, small-4-entries, small-100-entries,
                              large, huge, read-small-one-entry, read-huge
          --path NAME         only this path (repeatable): single, batch-v1, batch-v2, writer, stream, query
          --small-records N   write (or read) N records in the 100-byte workloads instead of 100,000 (2,000 with --smoke),
                              for longer and steadier runs
          --skip-js           leave out reduct-js (no Node.js needed)
          --skip-in-memory    leave out the runs against the in-memory server (read-small-one-entry among them)
          --timeout SECONDS   time limit per client process (default 300, 30 with --smoke)
        """;

    public bool Smoke { get; private set; }

    public string? OutputPath { get; private set; }

    /// <summary>
    /// Rounds of a full run. A short run of a 100-byte workload takes 0.3-1 s, and on two shared cores one such run in
    /// three or four falls to about half speed, in either client. Between two equally fast clients, a paired median is
    /// misjudged when more than half of the rounds have the one slow and the other not: with 9 rounds about 1 comparison
    /// in 40, against 1 in 15 with 5.
    /// </summary>
    public const int DefaultRounds = 9;

    public int Rounds { get; private set; }

    public ISet<string> Workloads { get; } = new HashSet<string>(StringComparer.Ordinal);

    public ISet<ClientPath> Paths { get; } = new HashSet<ClientPath>();

    /// <summary>The record count of the 100-byte workloads, when not the default.</summary>
    public int? SmallRecords { get; private set; }

    public bool SkipJs { get; private set; }

    public bool SkipInMemory { get; private set; }

    public TimeSpan Timeout { get; private set; }

    /// <summary>
    /// The pause between a client's warm-up and its measured run, for background compilation to finish. None in a
    /// smoke run, which checks that things work rather than how fast.
    /// </summary>
    public TimeSpan Settle => Smoke ? TimeSpan.Zero : TimeSpan.FromSeconds(1);

    /// <summary>The command line as given, for the report.</summary>
    public IReadOnlyList<string> Arguments { get; private set; } = [];

    /// <exception cref="ArgumentException">An option is unknown or its value is not valid.</exception>
    public static HarnessOptions Parse(IReadOnlyList<string> arguments)
    {
        var options = new HarnessOptions { Arguments = arguments };
        int? timeoutSeconds = null;
        int? rounds = null;
        for (int i = 0; i < arguments.Count; i++)
        {
            string name = arguments[i];
            switch (name)
            {
                case "--smoke":
                    options.Smoke = true;
                    break;
                case "--skip-js":
                    options.SkipJs = true;
                    break;
                case "--skip-in-memory":
                    options.SkipInMemory = true;
                    break;
                case "--out":
                    options.OutputPath = Value(arguments, ref i);
                    break;
                case "--rounds":
                    rounds = PositiveNumber(name, Value(arguments, ref i));
                    break;
                case "--timeout":
                    timeoutSeconds = PositiveNumber(name, Value(arguments, ref i));
                    break;
                case "--workload":
                    string workload = Value(arguments, ref i);
                    options.Workloads.Add(Workload.Full.Any(known => known.Name == workload)
                        ? workload
                        : throw new ArgumentException($"Unknown workload '{workload}'."));
                    break;
                case "--small-records":
                    options.SmallRecords = PositiveNumber(name, Value(arguments, ref i));
                    break;
                case "--path":
                    options.Paths.Add(ClientRunArguments.ParsePath(Value(arguments, ref i)));
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        options.Timeout = TimeSpan.FromSeconds(timeoutSeconds ?? (options.Smoke ? 30 : 300));
        options.Rounds = rounds ?? (options.Smoke ? 1 : DefaultRounds);
        return options;
    }

    private static string Value(IReadOnlyList<string> arguments, ref int index) =>
        ++index < arguments.Count ? arguments[index] : throw new ArgumentException($"{arguments[index - 1]} needs a value.");

    private static int PositiveNumber(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0
            ? number
            : throw new ArgumentException($"{name} needs a positive number, got '{value}'.");
}
