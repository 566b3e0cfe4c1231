namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// <c>$and</c>/<c>$all_of</c>, <c>$or</c>/<c>$any_of</c>, <c>$not</c>/<c>$none_of</c> and <c>$xor</c>/<c>$one_of</c>
/// over any number of operands. The first three stop at the first operand that decides the result, so stateful
/// operators after it are not evaluated (<c>$xor</c> evaluates all of them); the top level of a condition is an <c>$and</c> of its members in key order.
/// </summary>
internal sealed class LogicalNode : ConditionNode
{
    private readonly LogicalKind _kind;
    private readonly IReadOnlyList<ConditionNode> _operands;

    public LogicalNode(LogicalKind kind, IReadOnlyList<ConditionNode> operands)
    {
        _kind = kind;
        _operands = operands;
    }

    public override ConditionValue Evaluate(ConditionContext context)
    {
        var trueCount = 0;
        foreach (var operand in _operands)
        {
            if (!operand.Evaluate(context).AsBool())
            {
                if (_kind == LogicalKind.All)
                {
                    return ConditionValue.Bool(false);
                }

                continue;
            }

            trueCount++;
            switch (_kind)
            {
                case LogicalKind.Any:
                    return ConditionValue.Bool(true);
                case LogicalKind.None:
                    return ConditionValue.Bool(false);
            }
        }

        return ConditionValue.Bool(_kind switch
        {
            LogicalKind.All or LogicalKind.None => true,
            LogicalKind.Any => false,
            _ => trueCount == 1,
        });
    }
}
