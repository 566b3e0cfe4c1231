namespace Reduct.Client.Harness;

/// <summary>Something the harness needs is missing; the message says what to do.</summary>
internal sealed class HarnessSetupException : Exception
{
    public HarnessSetupException()
    {
    }

    public HarnessSetupException(string message)
        : base(message)
    {
    }

    public HarnessSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
