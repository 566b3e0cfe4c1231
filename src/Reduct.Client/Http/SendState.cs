using Polly;

namespace Reduct.Client.Http;

/// <summary>
/// One call of <see cref="ReductHttpPipeline"/> across its attempts: the request to copy for each attempt, the
/// body they share, and what the retry decision and the final error message need to know.
/// </summary>
internal sealed class SendState
{
    /// <summary>The key under which the state travels in the Polly <see cref="ResilienceContext"/>.</summary>
    public static readonly ResiliencePropertyKey<SendState> Key = new("Reduct.Client.SendState");

    private HttpRequestMessage? _preparedFirstAttempt;

    public SendState(HttpRequestMessage template, HttpCompletionOption completionOption, bool applyTimeout, RequestHistory history, HttpRequestMessage? preparedFirstAttempt)
    {
        Template = template;
        _preparedFirstAttempt = preparedFirstAttempt;
        Content = template.Content;
        CompletionOption = completionOption;
        ApplyTimeout = applyTimeout;
        History = history;
        Method = template.Method.Method;
        Path = template.RequestUri?.AbsolutePath ?? string.Empty;
    }

    /// <summary>The request as the caller built it; each attempt sends a copy.</summary>
    public HttpRequestMessage Template { get; }

    /// <summary>Headers every attempt adds besides the template's, or null.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? ExtraHeaders { get; init; }

    /// <summary>The body every attempt sends; disposed once, when the call is over.</summary>
    public HttpContent? Content { get; }

    public HttpCompletionOption CompletionOption { get; }

    public bool ApplyTimeout { get; }

    public RequestHistory History { get; }

    public string Method { get; }

    public string Path { get; }

    /// <summary>The failure of the last attempt: its exception, or the error an error status stands for.</summary>
    public ReductException? LastFailure { get; set; }

    /// <summary>True when the last attempt failed in a way that may have left its work done on the server.</summary>
    public bool LastAttemptAmbiguous { get; set; }

    /// <summary>False when the last attempt failed in a way no retry can mend (a refused server certificate).</summary>
    public bool LastAttemptRetryable { get; set; } = true;

    /// <summary>Why a transient failure was not retried, for the final error message; null when it was, or when attempts ran out.</summary>
    public string? NotRetriedReason { get; set; }

    /// <summary>Attempts in a row, up to the last, that got no answer and made no progress for the whole timeout.</summary>
    public int TimedOutAttempts { get; set; }

    /// <summary>
    /// The first attempt's message if it was built ahead and no attempt has taken it yet; null otherwise. Taken once,
    /// also by attempts that a caller's own pipeline runs side by side.
    /// </summary>
    public HttpRequestMessage? TakePreparedAttempt() => Interlocked.Exchange(ref _preparedFirstAttempt, null);

    /// <summary>True when the body (if any) can be sent by another attempt.</summary>
    public bool CanSendAgain => Content is not ExactLengthContent streamed || streamed.CanSendAgain;

    /// <summary>Why the body cannot be sent again.</summary>
    public string ReplayRefusal => (Content as ExactLengthContent)?.ReplayRefusal ?? "The body cannot be sent a second time.";
}
