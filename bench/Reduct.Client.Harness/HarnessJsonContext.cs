using System.Text.Json.Serialization;

namespace Reduct.Client.Harness;

/// <summary>JSON of the lines the client processes print (camelCase, as the Node.js script writes them).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChildResult))]
internal sealed partial class HarnessJsonContext : JsonSerializerContext;
