namespace Reduct.Client.Testing.Conditions;

/// <summary>An operator of exactly one operand; the arity error names the operator, as on the server.</summary>
internal abstract class UnaryOperatorNode : ConditionNode
{
    protected UnaryOperatorNode(string @operator, IReadOnlyList<ConditionNode> operands)
    {
        Operand = operands.Count == 1 ? operands[0] : throw ConditionSyntax.Error($"{@operator} requires exactly one operand");
    }

    protected ConditionNode Operand { get; }
}
