using System.Text.Json;
using Reduct.Client.Testing.Hosting;

namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// Parses a <c>when</c> condition into a tree, by the rules of the server version being emulated. Members of an object
/// are read in the order of the JSON text, a repeated key replaces the earlier value in its place, directives
/// (<c>#...</c>) are taken out first, and every parse error is a 422 with the server's text.
/// </summary>
/// <remarks>
/// Forms: object notation <c>{"&amp;n":{"$gt":1}}</c> (the key is the left operand, parsed as a literal), array
/// notation <c>{"$in":["&amp;n",1,2]}</c>, and the scalar shorthand <c>{"$limit":3}</c>. An operand that is an
/// object contributes each of its members as an operand. Operators the real server knows but this one does not
/// implement are refused with a 422 that says so.
/// </remarks>
internal sealed class ConditionParser
{
    private delegate ConditionNode Factory(string name, IReadOnlyList<ConditionNode> operands);

    /// <summary>Every operator of the real server: the API minor it appeared in, and how to build it (null: not implemented here).</summary>
    private static readonly Dictionary<string, (int Since, Factory? Build)> Operators = new(StringComparer.Ordinal)
    {
        ["$and"] = (13, (_, o) => new LogicalNode(LogicalKind.All, o)),
        ["$all_of"] = (13, (_, o) => new LogicalNode(LogicalKind.All, o)),
        ["$or"] = (13, (_, o) => new LogicalNode(LogicalKind.Any, o)),
        ["$any_of"] = (13, (_, o) => new LogicalNode(LogicalKind.Any, o)),
        ["$not"] = (13, (_, o) => new LogicalNode(LogicalKind.None, o)),
        ["$none_of"] = (13, (_, o) => new LogicalNode(LogicalKind.None, o)),
        ["$xor"] = (13, (_, o) => new LogicalNode(LogicalKind.ExactlyOne, o)),
        ["$one_of"] = (13, (_, o) => new LogicalNode(LogicalKind.ExactlyOne, o)),
        ["$eq"] = (13, (n, o) => new ComparisonNode(n, o)),
        ["$ne"] = (13, (n, o) => new ComparisonNode(n, o)),
        ["$gt"] = (13, (n, o) => new ComparisonNode(n, o)),
        ["$gte"] = (13, (n, o) => new ComparisonNode(n, o)),
        ["$lt"] = (13, (n, o) => new ComparisonNode(n, o)),
        ["$lte"] = (13, (n, o) => new ComparisonNode(n, o)),
        ["$in"] = (14, (n, o) => new MembershipNode(n, o)),
        ["$nin"] = (14, (n, o) => new MembershipNode(n, o)),
        ["$exists"] = (14, (_, o) => new ExistsNode(o)),
        ["$has"] = (15, (_, o) => new ExistsNode(o)),
        ["$contains"] = (14, (n, o) => new StringMatchNode(n, o)),
        ["$starts_with"] = (14, (n, o) => new StringMatchNode(n, o)),
        ["$ends_with"] = (14, (n, o) => new StringMatchNode(n, o)),
        ["$ref"] = (14, (_, o) => new RefNode(o)),
        ["$add"] = (14, null),
        ["$sub"] = (14, null),
        ["$mult"] = (14, null),
        ["$div"] = (14, null),
        ["$div_num"] = (14, null),
        ["$rem"] = (14, null),
        ["$abs"] = (14, null),
        ["$cast"] = (14, null),
        ["$timestamp"] = (15, (_, o) => new TimestampNode(o)),
        ["$id"] = (15, (_, o) => new TimestampNode(o)),
        ["$limit"] = (15, (_, o) => new LimitNode(o)),
        ["$each_n"] = (15, (_, o) => new EachNNode(o)),
        ["$each_t"] = (15, (_, o) => new EachTNode(o)),
        ["$second"] = (19, null),
        ["$minute"] = (19, null),
        ["$hour"] = (19, null),
        ["$day"] = (19, null),
        ["$month"] = (19, null),
        ["$year"] = (19, null),
        ["$weekday"] = (19, null),
        ["$gate"] = (19, null),
    };

    private readonly ApiVersion _version;

    public ConditionParser(ApiVersion version)
    {
        _version = version;
    }

    /// <summary>Parses <paramref name="when"/> (an object, or a scalar evaluated as a boolean).</summary>
    /// <exception cref="Http.ReductErrorException">422 for a malformed condition or directive.</exception>
    public Condition Parse(JsonElement when)
    {
        var directives = ConditionDirectives.None;
        List<ConditionNode> expressions;
        if (when.ValueKind == JsonValueKind.Object)
        {
            var members = CompactJson.Members(when);
            if (_version.IsAtLeast(1, 16))
            {
                directives = ConditionDirectives.Take(members, _version);
            }

            expressions = ParseMembers(members);
        }
        else
        {
            expressions = ParseValue(when);
        }

        return new Condition(new LogicalNode(LogicalKind.All, expressions), directives);
    }

    private List<ConditionNode> ParseValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => ParseMembers(CompactJson.Members(value)),
        JsonValueKind.True => [new ConstantNode(ConditionValue.Bool(true))],
        JsonValueKind.False => [new ConstantNode(ConditionValue.Bool(false))],
        JsonValueKind.Number => [new ConstantNode(ParseNumber(value))],
        JsonValueKind.String => [ParseLiteral(value.GetString()!)],
        JsonValueKind.Array => throw ConditionSyntax.Error("Array type is not supported: " + CompactJson.Format(value)),
        _ => throw ConditionSyntax.Error("Null type is not supported: null"),
    };

    private List<ConditionNode> ParseMembers(List<KeyValuePair<string, JsonElement>> members)
    {
        var expressions = new List<ConditionNode>(members.Count);
        foreach (var (key, value) in members)
        {
            expressions.Add(value.ValueKind switch
            {
                JsonValueKind.Array => ParseOperator(key, ParseOperands(value)),
                JsonValueKind.Object => ParseObjectNotation(key, value),
                _ => ParseOperator(key, ParseValue(value)),
            });
        }

        return expressions;
    }

    private List<ConditionNode> ParseOperands(JsonElement array)
    {
        var operands = new List<ConditionNode>();
        foreach (var item in array.EnumerateArray())
        {
            operands.AddRange(ParseValue(item));
        }

        return operands;
    }

    /// <summary><c>{"&lt;left&gt;": {"$op": &lt;right&gt;}}</c> is <c>$op(left, right)</c>.</summary>
    private ConditionNode ParseObjectNotation(string left, JsonElement operatorAndRight)
    {
        var operands = new List<ConditionNode> { ParseLiteral(left) };
        var members = CompactJson.Members(operatorAndRight);
        if (members.Count != 1)
        {
            throw ConditionSyntax.Error("Object notation must have exactly one operator");
        }

        var (name, right) = members[0];
        operands.AddRange(ParseValue(right));
        return ParseOperator(name, operands);
    }

    private ConditionNode ParseLiteral(string text)
    {
        if (text.StartsWith('&'))
        {
            return new LabelReferenceNode(text[1..], computed: false);
        }

        if (text.StartsWith('@') && _version.IsAtLeast(1, 16))
        {
            return new LabelReferenceNode(text[1..], computed: true);
        }

        var escaping = _version.IsAtLeast(1, 19);
        if (escaping && text.StartsWith("$$", StringComparison.Ordinal))
        {
            return new ConstantNode(ConditionValue.String(text[1..]));
        }

        if (text.StartsWith('$'))
        {
            // A bare operator without operands ("$timestamp"); before 1.19 there was no way to write such a string.
            try
            {
                return ParseOperator(text, []);
            }
            catch (Http.ReductErrorException) when (escaping && !IsNotImplemented(text))
            {
                throw ConditionSyntax.Error($"Unknown '$' literal '{text}'; use '$$' to escape a string value");
            }
        }

        if (_version.IsAtLeast(1, 16) && DurationLiteral.TryParse(text, out var microseconds))
        {
            return new ConstantNode(ConditionValue.Duration(microseconds));
        }

        return new ConstantNode(ConditionValue.String(text));
    }

    private ConditionNode ParseOperator(string name, IReadOnlyList<ConditionNode> operands)
    {
        if (!name.StartsWith('$'))
        {
            throw ConditionSyntax.Error($"Operator '{name}' must start with '$'");
        }

        if (!Operators.TryGetValue(name, out var entry) || !_version.IsAtLeast(1, entry.Since))
        {
            throw ConditionSyntax.Error($"Operator '{name}' not supported");
        }

        return entry.Build is null
            ? throw ConditionSyntax.NotImplemented($"Operator '{name}'")
            : entry.Build(name, operands);
    }

    private bool IsNotImplemented(string name) =>
        Operators.TryGetValue(name, out var entry) && entry.Build is null && _version.IsAtLeast(1, entry.Since);

    /// <summary>Integers are 64-bit signed; one beyond that range crashes the real 1.20 server, so it is refused here.</summary>
    private static ConditionValue ParseNumber(JsonElement value)
    {
        if (value.TryGetInt64(out var integer))
        {
            return ConditionValue.Int(integer);
        }

        if (value.TryGetUInt64(out var unsigned))
        {
            throw ConditionSyntax.Error($"Integer {unsigned} does not fit in a signed 64-bit integer");
        }

        return ConditionValue.Float(value.GetDouble());
    }

    /// <summary>The value of a directive item: like a literal, except that a string is a duration or else plain text.</summary>
    internal static ConditionValue ParseDirectiveValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => ConditionValue.Bool(true),
        JsonValueKind.False => ConditionValue.Bool(false),
        JsonValueKind.Number => ParseNumber(value),
        _ => DurationLiteral.TryParse(value.GetString()!, out var microseconds)
            ? ConditionValue.Duration(microseconds)
            : ConditionValue.String(value.GetString()!),
    };
}
