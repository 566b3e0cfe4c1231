namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// <c>$limit</c>: true for the first N evaluations; the one after ends the whole query
/// (<see cref="ConditionInterruptedException"/>), so <c>{"$limit":0}</c> returns nothing. It counts only the records
/// that reach it: members before it in the condition may already have said no.
/// </summary>
internal sealed class LimitNode : UnaryOperatorNode
{
    private long _evaluations;

    public LimitNode(IReadOnlyList<ConditionNode> operands)
        : base("$limit", operands)
    {
    }

    public override ConditionValue Evaluate(ConditionContext context)
    {
        _evaluations++;
        if (_evaluations > Operand.Evaluate(context).AsInt())
        {
            throw new ConditionInterruptedException();
        }

        return ConditionValue.Bool(true);
    }
}
