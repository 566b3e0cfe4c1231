using System.Text.Json.Serialization;

namespace Reduct.Client.Http;

/// <summary>
/// Source-generated JSON metadata for every body the SDK reads or writes: no reflection, trimming and AOT safe.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ServerInfo))]
[JsonSerializable(typeof(BucketList))]
[JsonSerializable(typeof(FullBucketInfo))]
[JsonSerializable(typeof(BucketSettings))]
[JsonSerializable(typeof(TokenInfo))]
[JsonSerializable(typeof(Protocol.ReplicationListJson))]
[JsonSerializable(typeof(Protocol.FullReplicationInfoJson))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(TokenList))]
[JsonSerializable(typeof(TokenSecretAnswer))]
[JsonSerializable(typeof(QueryLinkAnswer))]
internal sealed partial class ReductJsonContext : JsonSerializerContext;

/// <summary>The body of <c>GET /api/v1/list</c>.</summary>
internal sealed class BucketList
{
    public IReadOnlyList<BucketInfo> Buckets { get; init; } = [];
}
