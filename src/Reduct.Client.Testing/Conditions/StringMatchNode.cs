namespace Reduct.Client.Testing.Conditions;

/// <summary><c>$contains</c>, <c>$starts_with</c>, <c>$ends_with</c>: both operands as text, case-sensitive.</summary>
internal sealed class StringMatchNode : BinaryOperatorNode
{
    public StringMatchNode(string @operator, IReadOnlyList<ConditionNode> operands)
        : base(@operator, operands)
    {
    }

    public override ConditionValue Evaluate(ConditionContext context)
    {
        var text = Left.Evaluate(context).ToString();
        var part = Right.Evaluate(context).ToString();
        return ConditionValue.Bool(Operator switch
        {
            "$contains" => text.Contains(part, StringComparison.Ordinal),
            "$starts_with" => text.StartsWith(part, StringComparison.Ordinal),
            _ => text.EndsWith(part, StringComparison.Ordinal),
        });
    }
}
