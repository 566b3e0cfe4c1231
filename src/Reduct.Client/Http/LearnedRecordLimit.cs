namespace Reduct.Client.Http;

/// <summary>
/// How many records one batch request to this client's server may carry, as learned from its 431 answers. The
/// server does not publish its limit (<c>RS_IO_BATCH_MAX_RECORDS</c> + 15 request headers): a request over it is
/// refused with a bare 431 and split in halves. Remembering the size that worked makes a long run pay a handful of
/// refusals instead of one or two for every request.
/// </summary>
/// <remarks>
/// Only the record count is learned. A 431 can also come from the head's byte size (records with long labels), which
/// a smaller count also cures; the count is never raised again, so a burst of such records leaves later requests
/// smaller than they need to be, which costs some header bytes and never a refusal.
/// </remarks>
internal sealed class LearnedRecordLimit
{
    private int _maxRecords = int.MaxValue;
    private int _smallestRefused = int.MaxValue;
    private int _announced = int.MaxValue;

    /// <summary>The records per request to plan with: <paramref name="configured"/>, or fewer once a refusal taught it.</summary>
    public int Apply(int configured) => Math.Min(configured, Volatile.Read(ref _maxRecords));

    /// <summary>A request of <paramref name="records"/> records was refused with 431; the split sends it in halves.</summary>
    public void Refused(int records)
    {
        LowerTo(ref _smallestRefused, records);
        LowerTo(ref _maxRecords, Math.Max(1, records / 2));
    }

    /// <summary>
    /// A request of <paramref name="records"/> records was accepted. True once for each limit learned, when a request
    /// of the full learned size is first accepted: the moment to say what was learned.
    /// </summary>
    /// <param name="records">Records of the accepted request.</param>
    /// <param name="limit">The learned limit.</param>
    /// <param name="refused">The smallest request size that was refused.</param>
    public bool IsConfirmedBy(int records, out int limit, out int refused)
    {
        limit = Volatile.Read(ref _maxRecords);
        refused = Volatile.Read(ref _smallestRefused);
        int announced = Volatile.Read(ref _announced);
        return limit != int.MaxValue && records >= limit && announced != limit
            && Interlocked.CompareExchange(ref _announced, limit, announced) == announced;
    }

    private static void LowerTo(ref int field, int value)
    {
        int current = Volatile.Read(ref field);
        while (value < current)
        {
            int seen = Interlocked.CompareExchange(ref field, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
