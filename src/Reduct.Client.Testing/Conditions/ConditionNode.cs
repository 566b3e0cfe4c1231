namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// A node of a parsed condition. Evaluation errors (a missing label, a failed conversion) are thrown as
/// <see cref="Http.ReductErrorException"/> with the server's status and text; <c>$limit</c> ends the query with
/// <see cref="ConditionInterruptedException"/>. Stateful operators keep their state in the node, so every query
/// (and every entry of a v2 query) parses its own tree.
/// </summary>
internal abstract class ConditionNode
{
    public abstract ConditionValue Evaluate(ConditionContext context);
}
