namespace Reduct.Client.Testing.Conditions;

/// <summary><c>$eq $ne $gt $gte $lt $lte</c>: two operands compared by <see cref="ConditionValue"/>'s rules.</summary>
internal sealed class ComparisonNode : BinaryOperatorNode
{
    public ComparisonNode(string @operator, IReadOnlyList<ConditionNode> operands)
        : base(@operator, operands)
    {
    }

    public override ConditionValue Evaluate(ConditionContext context)
    {
        var left = Left.Evaluate(context);
        var right = Right.Evaluate(context);
        var result = Operator switch
        {
            "$eq" => ConditionValue.AreEqual(left, right),
            "$ne" => !ConditionValue.AreEqual(left, right),
            _ => ConditionValue.Compare(left, right) is { } order && Operator switch
            {
                "$gt" => order > 0,
                "$gte" => order >= 0,
                "$lt" => order < 0,
                _ => order <= 0,
            },
        };
        return ConditionValue.Bool(result);
    }
}
