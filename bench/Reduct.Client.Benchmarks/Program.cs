// Reduct.Client benchmarks.
//
//   dotnet run -c Release --project bench/Reduct.Client.Benchmarks -- wire-cost [records]
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
    default:
        Console.Error.WriteLine($"Unknown command '{command}'. Commands: wire-cost [records]");
        return 2;
}
