namespace Reduct.Client.Harness;

/// <summary>
/// When a batching application sends what it has collected. Every client of the harness follows the same rule,
/// so that they send the same number of requests: at most 80 records (Reduct.Client's default, within the
/// reference server's limit of 85) and at most 8,000,000 body bytes (Reduct.Client's default body limit).
/// </summary>
internal static class BatchPolicy
{
    public const int MaxRecords = 80;
    public const long MaxBodyBytes = 8_000_000;

    /// <summary>Whether a batch of <paramref name="count"/> records and <paramref name="bytes"/> bytes must be sent before the next record is added.</summary>
    public static bool IsFull(int count, long bytes, long nextRecordSize) =>
        count >= MaxRecords || (count > 0 && bytes + nextRecordSize > MaxBodyBytes);
}
