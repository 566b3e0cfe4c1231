namespace Reduct.Client.Protocol;

/// <summary>How much one batch request may carry (spec §10).</summary>
/// <param name="MaxRecords">Records per request; every record is one header and the server allows about 100.</param>
/// <param name="MaxBodySize">Bytes of record bodies per request; a larger single record goes alone.</param>
/// <param name="MaxHeaderSize">Bytes of batch metadata headers per request, well under the server's 512,000-byte request head.</param>
internal readonly record struct BatchLimits(int MaxRecords, long MaxBodySize, int MaxHeaderSize);
