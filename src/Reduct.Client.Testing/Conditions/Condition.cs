using System.Text.Json;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Conditions;

/// <summary>A parsed <c>when</c> condition: its tree (with the state of its stateful operators) and its directives.</summary>
internal sealed class Condition
{
    public Condition(ConditionNode root, ConditionDirectives directives)
    {
        Root = root;
        Directives = directives;
    }

    public ConditionNode Root { get; }

    public ConditionDirectives Directives { get; }

    /// <exception cref="ReductErrorException">422 for a malformed condition.</exception>
    public static Condition Parse(JsonElement when, ApiVersion version) => new ConditionParser(version).Parse(when);

    /// <summary>Evaluates the condition for one record.</summary>
    /// <param name="timestamp">The record's timestamp.</param>
    /// <param name="labels">The record's labels.</param>
    /// <param name="strict">Whether an evaluation error fails the query instead of just not matching.</param>
    /// <returns>Whether the record matches; null when <c>$limit</c> ended the query.</returns>
    /// <exception cref="ReductErrorException">An evaluation error in strict mode (404 for a missing label, 422 otherwise).</exception>
    public bool? Matches(ulong timestamp, IReadOnlyDictionary<string, string> labels, bool strict)
    {
        try
        {
            return Root.Evaluate(new ConditionContext(timestamp, labels)).AsBool();
        }
        catch (ConditionInterruptedException)
        {
            return null;
        }
        catch (ReductErrorException) when (!strict)
        {
            return false;
        }
    }
}
