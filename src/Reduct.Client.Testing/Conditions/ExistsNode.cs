namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// <c>$exists</c>/<c>$has</c>: every operand, taken as the text of a label name, is a label of the record. So
/// <c>{"$has":["a","b"]}</c> asks for labels <c>a</c> and <c>b</c>, while <c>{"&amp;a":{"$exists":true}}</c> asks
/// for labels named by a's value and <c>true</c>.
/// </summary>
internal sealed class ExistsNode : ConditionNode
{
    private readonly IReadOnlyList<ConditionNode> _operands;

    public ExistsNode(IReadOnlyList<ConditionNode> operands)
    {
        if (operands.Count == 0)
        {
            throw ConditionSyntax.Error("$exists requires at least one operand");
        }

        _operands = operands;
    }

    public override ConditionValue Evaluate(ConditionContext context)
    {
        foreach (var operand in _operands)
        {
            if (!context.Labels.ContainsKey(operand.Evaluate(context).ToString()))
            {
                return ConditionValue.Bool(false);
            }
        }

        return ConditionValue.Bool(true);
    }
}
