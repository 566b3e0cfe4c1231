namespace Reduct.Client.Testing.Faults;

/// <summary>An armed "fail the next N requests" fault.</summary>
internal sealed class FailureRule
{
    public FailureRule(int count, int status, string message, TimeSpan? retryAfter, bool includeApiHeader, Func<string, bool>? pathFilter)
    {
        Remaining = count;
        Status = status;
        Message = message;
        RetryAfter = retryAfter;
        IncludeApiHeader = includeApiHeader;
        PathFilter = pathFilter;
    }

    public int Remaining { get; set; }

    public int Status { get; }

    public string Message { get; }

    public TimeSpan? RetryAfter { get; }

    public bool IncludeApiHeader { get; }

    public Func<string, bool>? PathFilter { get; }
}
