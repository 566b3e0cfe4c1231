namespace Reduct.Client.Testing.Conditions;

/// <summary>Thrown by <c>$limit</c> once its count is used up: the query ends, and no further record is looked at.</summary>
internal sealed class ConditionInterruptedException : Exception
{
    public ConditionInterruptedException()
        : base("The condition ended the query")
    {
    }

    public ConditionInterruptedException(string message)
        : base(message)
    {
    }

    public ConditionInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
