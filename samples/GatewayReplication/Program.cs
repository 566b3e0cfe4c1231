// GatewayReplication: a gateway's bucket replicating to a central server.
//
//   dotnet run --project samples/GatewayReplication
//
// Without settings it starts two embedded reference servers, one for the gateway and one for the central site.
// With GATEWAY_URL and CENTRAL_URL set (and GATEWAY_API_TOKEN, CENTRAL_API_TOKEN when the servers need them) it
// runs against those servers; the gateway's server must reach CENTRAL_URL itself.
using Reduct.Client;
using Reduct.Client.Samples;
using Reduct.Client.Testing;

string? gatewayUrl = Environment.GetEnvironmentVariable("GATEWAY_URL");
string? centralUrl = Environment.GetEnvironmentVariable("CENTRAL_URL");
await using ReductTestServer? embeddedCentral = string.IsNullOrEmpty(centralUrl) ? await ReductTestServer.StartAsync() : null;
await using ReductTestServer? embeddedGateway = string.IsNullOrEmpty(gatewayUrl) ? await ReductTestServer.StartAsync() : null;
var central = new Uri(centralUrl ?? embeddedCentral!.Url.ToString());
string centralToken = Environment.GetEnvironmentVariable("CENTRAL_API_TOKEN") ?? string.Empty;

using var gatewayClient = new ReductClient(gatewayUrl ?? embeddedGateway!.Url.ToString(), Environment.GetEnvironmentVariable("GATEWAY_API_TOKEN"));
using var centralClient = new ReductClient(central, centralToken.Length == 0 ? null : centralToken);
await GatewayReplicationFlow.RunAsync(gatewayClient, centralClient, central, centralToken.Length == 0 ? null : centralToken, Console.Out);
return 0;
