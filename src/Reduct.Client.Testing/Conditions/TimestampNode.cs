namespace Reduct.Client.Testing.Conditions;

/// <summary><c>$timestamp</c>/<c>$id</c>: the record's timestamp in microseconds, as an integer.</summary>
internal sealed class TimestampNode : ConditionNode
{
    public TimestampNode(IReadOnlyList<ConditionNode> operands)
    {
        if (operands.Count != 0)
        {
            throw ConditionSyntax.Error("$timestamp requires no operands");
        }
    }

    public override ConditionValue Evaluate(ConditionContext context) => ConditionValue.Int(unchecked((long)context.Timestamp));
}
