using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// <c>$each_n</c>: true on the N-th, 2N-th, ... evaluation (unlike the legacy <c>each_n</c> field, which keeps records
/// 1, N+1, ...). N = 0 is an evaluation error, so in a non-strict query nothing matches.
/// </summary>
internal sealed class EachNNode : UnaryOperatorNode
{
    private long _evaluations;

    public EachNNode(IReadOnlyList<ConditionNode> operands)
        : base("$each_n", operands)
    {
    }

    public override ConditionValue Evaluate(ConditionContext context)
    {
        _evaluations++;
        var n = Operand.Evaluate(context).AsInt();
        if (n == 0)
        {
            throw ReductErrorException.UnprocessableEntity("Value '0' is not a valid operand for $each_n");
        }

        return ConditionValue.Bool(_evaluations % n == 0);
    }
}
