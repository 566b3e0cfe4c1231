namespace Reduct.Client.Testing.Conditions;

/// <summary><c>$ref</c>: the value of the label whose name is the operand's text.</summary>
internal sealed class RefNode : UnaryOperatorNode
{

    public RefNode(IReadOnlyList<ConditionNode> operands)
        : base("$ref", operands)
    {
    }

    public override ConditionValue Evaluate(ConditionContext context)
    {
        var name = Operand.Evaluate(context).ToString();
        return context.Labels.TryGetValue(name, out var value)
            ? ConditionValue.FromLabel(value)
            : throw LabelReferenceNode.NotFound(name);
    }
}
