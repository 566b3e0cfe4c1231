namespace Reduct.Client.Testing.Conditions;

/// <summary><c>$in</c> and <c>$nin</c>: whether the first operand equals any of the others.</summary>
internal sealed class MembershipNode : ConditionNode
{
    private readonly bool _negated;
    private readonly IReadOnlyList<ConditionNode> _operands;

    public MembershipNode(string @operator, IReadOnlyList<ConditionNode> operands)
    {
        if (operands.Count < 2)
        {
            throw ConditionSyntax.Error($"{@operator} operator requires at least two operands");
        }

        _negated = @operator == "$nin";
        _operands = operands;
    }

    public override ConditionValue Evaluate(ConditionContext context)
    {
        var value = _operands[0].Evaluate(context);
        for (var i = 1; i < _operands.Count; i++)
        {
            if (ConditionValue.AreEqual(_operands[i].Evaluate(context), value))
            {
                return ConditionValue.Bool(!_negated);
            }
        }

        return ConditionValue.Bool(_negated);
    }
}
