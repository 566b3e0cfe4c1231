namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// <c>$each_t</c>: the first evaluated record only starts the clock and is not kept; after that a record is kept when
/// at least T has passed since the last kept one. T is seconds (a number) or a duration literal.
/// </summary>
internal sealed class EachTNode : UnaryOperatorNode
{
    private ulong? _last;

    public EachTNode(IReadOnlyList<ConditionNode> operands)
        : base("$each_t", operands)
    {
    }

    public override ConditionValue Evaluate(ConditionContext context)
    {
        _last ??= context.Timestamp;
        var period = Operand.Evaluate(context);
        var seconds = period.IsDuration ? period.AsFloat() / 1_000_000.0 : period.AsFloat();

        // The same float arithmetic as the server, so that "50us" is exactly 50 µs there and here.
        var threshold = SaturatingToUInt64(seconds * 1_000_000.0);
        var kept = unchecked(context.Timestamp - _last.Value) >= threshold;
        if (kept)
        {
            _last = context.Timestamp;
        }

        return ConditionValue.Bool(kept);
    }

    private static ulong SaturatingToUInt64(double value) =>
        double.IsNaN(value) || value <= 0 ? 0 : value >= ulong.MaxValue ? ulong.MaxValue : (ulong)value;
}
