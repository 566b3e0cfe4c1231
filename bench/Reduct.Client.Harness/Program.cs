// End-to-end ingestion harness: Reduct.Client, a raw HttpClient baseline and reduct-js write the same workloads to
// the reference server, each client in its own process, side by side in one run.
//
//   dotnet run -c Release --project bench/Reduct.Client.Harness -- [--smoke] [--out docs/benchmarks.md]
//
// See HarnessOptions.Usage for every option. A client process is this program again with --child.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Reduct.Client.Harness;

if (args.Length > 0 && args[0] == ClientRunArguments.ChildSwitch)
{
    return await ChildRunner.RunAsync(args[1..], Console.In, Console.Out);
}

HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    Console.Error.WriteLine(HarnessOptions.Usage);
    return 2;
}

// On Ctrl+C or SIGTERM (a CI time limit), stop after killing the running client process rather than leave it behind.
using var interrupted = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

ClientLauncher launcher;
try
{
    launcher = await ClientLauncher.CreateAsync(!options.SkipJs, interrupted.Token);
}
catch (HarnessSetupException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    return 2;
}

long started = Stopwatch.GetTimestamp();
DateTimeOffset date = DateTimeOffset.UtcNow;
MachineDescription machine = MachineDescription.Read();
var runner = new HarnessRunner(options, launcher, Console.Out);
IReadOnlyList<PlannedRun> plan = runner.Plan();
Console.WriteLine($"Machine: {machine}; load average {machine.LoadAverage ?? "?"}. {plan.Count} rows, up to {options.Rounds} round(s){(options.Smoke ? " (smoke)" : string.Empty)}.");

IReadOnlyList<RunResult> all;
try
{
    all = await runner.RunAsync(plan, interrupted.Token);
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted.");
    return 130;
}

IReadOnlyList<RunResult> best = HarnessRunner.BestOfRounds(all);
IReadOnlyList<TargetCheck> targets = TargetEvaluator.Evaluate(best, all);
string command = "dotnet run -c Release --project bench/Reduct.Client.Harness --" + string.Concat(options.Arguments.Select(argument => " " + argument));
var context = new ReportContext(command, machine, launcher.NodeVersion, date, machine.LoadAverage, MachineDescription.ReadLoadAverage(),
    Stopwatch.GetElapsedTime(started), options.Rounds);
string report = ReportBuilder.Build(context, best, targets);
Console.WriteLine();
Console.WriteLine(report);
if (options.OutputPath is not null)
{
    BenchmarksDocument.Write(options.OutputPath, report);
    Console.WriteLine($"Written to {options.OutputPath}.");
}

// Comparisons with no threshold are easy to miss in the report's table: the log repeats them.
foreach (TargetCheck reported in targets.Where(check => check.IsReportOnly))
{
    Console.WriteLine($"Reported, no threshold: {reported.Target}, {reported.Case}: {reported.Figures.Replace("**", string.Empty, StringComparison.Ordinal)}");
}

int failed = best.Count(result => !result.Succeeded && !(options.SkipJs && result.Run.Client == ClientKind.ReductJs));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{best.Count - failed} of {best.Count} runs succeeded in {Stopwatch.GetElapsedTime(started).TotalSeconds:N0} s; targets: {targets.Count(check => check.Holds == true)} hold, {targets.Count(check => check.Holds == false)} fail (not asserted), {targets.Count(check => check.IsReportOnly)} reported without a threshold."));
return failed == 0 ? 0 : 1;

void Interrupt(PosixSignalContext signal)
{
    signal.Cancel = true;
    interrupted.Cancel();
}
