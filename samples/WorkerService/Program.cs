// WorkerService: a generic-host service that writes simulated sensor readings to ReductStore through the
// ReductClient registered with services.AddReductClient(...) from the Reduct.Client.DependencyInjection package.
//
//   dotnet run --project samples/WorkerService -- --duration 5
//
// The "Reduct" section of appsettings.json (or REDUCT__URL / REDUCT__APITOKEN, or --Reduct:Url) names the
// server; without a URL the sample starts the embedded reference server from Reduct.Client.Testing.
// --duration N stops it after N seconds; without it, it runs until Ctrl+C.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Reduct.Client.Samples.WorkerService;
using Reduct.Client.Testing;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

await using ReductTestServer? embedded = string.IsNullOrEmpty(builder.Configuration["Reduct:Url"])
    ? await ReductTestServer.StartAsync()
    : null;
if (embedded is not null)
{
    builder.Configuration["Reduct:Url"] = embedded.Url.ToString();
    Console.WriteLine($"No Reduct:Url configured: using the embedded reference server at {embedded.Url}");
}

builder.Services.AddReductClient(builder.Configuration.GetSection("Reduct"));
builder.Services.AddSingleton(SimulationSettings.From(builder.Configuration));
builder.Services.AddHostedService<SensorWorker>();

using IHost host = builder.Build();
await host.RunAsync();
return Environment.ExitCode;
