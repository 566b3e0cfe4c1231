using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Conditions;

/// <summary><c>&amp;name</c> (a label of the record) or <c>@name</c> (a computed label), typed on the fly.</summary>
internal sealed class LabelReferenceNode : ConditionNode
{
    private readonly string _name;
    private readonly bool _computed;

    public LabelReferenceNode(string name, bool computed)
    {
        _name = name;
        _computed = computed;
    }

    /// <exception cref="ReductErrorException">404 <c>Reference 'name' not found</c> (<c>'@name'</c> for a computed label).</exception>
    public override ConditionValue Evaluate(ConditionContext context)
    {
        var labels = _computed ? context.ComputedLabels : context.Labels;
        return labels.TryGetValue(_name, out var value)
            ? ConditionValue.FromLabel(value)
            : throw NotFound(_computed ? "@" + _name : _name);
    }

    public static ReductErrorException NotFound(string reference) => ReductErrorException.NotFound($"Reference '{reference}' not found");
}
