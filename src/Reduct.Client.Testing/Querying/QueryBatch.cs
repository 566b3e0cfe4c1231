using Reduct.Client.Testing.Protocol;

namespace Reduct.Client.Testing.Querying;

/// <summary>What a batched read collected: the encoder with its records, and whether the end of the query was seen.</summary>
internal sealed record QueryBatch(IBatchReadEncoder Encoder, bool Last)
{
    public bool IsEmpty => Encoder.Count == 0;
}
