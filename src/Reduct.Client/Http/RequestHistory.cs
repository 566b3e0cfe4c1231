using System.Diagnostics;

namespace Reduct.Client.Http;

/// <summary>
/// What happened to the attempts of one logical request, for the callers that must interpret a later answer in
/// its light: a <c>409 already exists</c> after an attempt that broke off mid-request most likely means that
/// attempt stored the record (protocol spec §9).
/// </summary>
internal sealed class RequestHistory
{
    /// <summary>Creates the history of a request whose retry budget started at <paramref name="budgetStart"/>.</summary>
    /// <param name="budgetStart">A <see cref="Stopwatch"/> timestamp; several requests of one batch call share it.</param>
    public RequestHistory(long budgetStart)
    {
        BudgetStart = budgetStart;
    }

    /// <summary>Creates the history of a request whose retry budget starts now.</summary>
    public RequestHistory()
        : this(Stopwatch.GetTimestamp())
    {
    }

    /// <summary>When the retry budget of the call started (a <see cref="Stopwatch"/> timestamp).</summary>
    public long BudgetStart { get; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; internal set; }

    /// <summary>
    /// True when an earlier attempt (or an earlier, larger request with the same records) failed in a way that
    /// may have left its work done on the server: the connection broke after the request began, or no answer
    /// came in time.
    /// </summary>
    public bool AfterAmbiguousFailure { get; set; }

    /// <summary>
    /// When true, a connection that breaks mid-request is not retried by the pipeline: the caller (a batch)
    /// splits the request into smaller ones instead.
    /// </summary>
    public bool SplitOnBrokenConnection { get; init; }

    /// <summary>
    /// When true, no attempt is retried: a probe (alive, ready) answers "not now" at once instead of waiting out
    /// the backoff of a request that has to succeed.
    /// </summary>
    public bool IsProbe { get; init; }

    /// <summary>
    /// When true, the server acts on the request as it answers (a batched read takes its records from the query), so
    /// an attempt is repeated only when it cannot have reached the server: a repeat after a broken answer or an error
    /// status would skip the records the lost answer carried.
    /// </summary>
    public bool ConsumesOnServer { get; init; }
}
