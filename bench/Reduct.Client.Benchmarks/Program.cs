// Reduct.Client benchmarks.
//
//   dotnet run -c Release --project bench/Reduct.Client.Benchmarks -- wire-cost [records]
//   dotnet run -c Release --project bench/Reduct.Client.Benchmarks -- micro [BenchmarkDotNet arguments]
//   dotnet run -c Release --project bench/Reduct.Client.Benchmarks -- throughput [records] [rounds]
//   dotnet run -c Release --project bench/Reduct.Client.Benchmarks -- soak [minutes] [response delay ms] [server url]
//   dotnet run -c Release --project bench/Reduct.Client.Benchmarks -- spool [records] [rounds]
//
// wire-cost: bytes of HTTP request head per record for 16-byte records with a fixed content type and two
// fixed labels, measured by the reference server (request line + headers as received), for each write path.
using Reduct.Client.Benchmarks;

string command = args.Length > 0 ? args[0] : "wire-cost";
switch (command)
{
    case "wire-cost":
        int records = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8000;
        await WireCost.RunAsync(records, Console.Out);
        return 0;
    case "throughput":
        await Throughput.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3,
            Console.Out);
        return 0;
    case "soak":
        await Soak.RunAsync(
            TimeSpan.FromMinutes(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10),
            TimeSpan.FromMilliseconds(args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200),
            args.Length > 3 ? new Uri(args[3]) : null,
            Console.Out);
        return 0;
    case "spool":
        await SpoolCost.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5,
            Console.Out);
        return 0;
    case "micro":
        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(EncodingBenchmarks).Assembly).Run(args[1..]);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown command '{command}'. Commands: wire-cost [records], throughput [records] [rounds], soak [minutes] [delay ms], spool [records] [rounds], micro [BenchmarkDotNet arguments]");
        return 2;
}
