namespace Reduct.Client.Testing.Conditions;

/// <summary>A literal: number, boolean, string or duration.</summary>
internal sealed class ConstantNode : ConditionNode
{
    private readonly ConditionValue _value;

    public ConstantNode(ConditionValue value)
    {
        _value = value;
    }

    public override ConditionValue Evaluate(ConditionContext context) => _value;
}
