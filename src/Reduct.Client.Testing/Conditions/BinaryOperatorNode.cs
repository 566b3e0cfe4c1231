namespace Reduct.Client.Testing.Conditions;

/// <summary>An operator of exactly two operands; the arity error names the operator, as on the server.</summary>
internal abstract class BinaryOperatorNode : ConditionNode
{
    protected BinaryOperatorNode(string @operator, IReadOnlyList<ConditionNode> operands)
    {
        if (operands.Count != 2)
        {
            throw ConditionSyntax.Error($"{@operator} requires exactly two operands");
        }

        Operator = @operator;
        Left = operands[0];
        Right = operands[1];
    }

    protected string Operator { get; }

    protected ConditionNode Left { get; }

    protected ConditionNode Right { get; }
}
