namespace Reduct.Client.Testing.Conditions;

/// <summary>Which logical operator a <see cref="LogicalNode"/> is.</summary>
internal enum LogicalKind
{
    /// <summary><c>$and</c>, <c>$all_of</c>.</summary>
    All,

    /// <summary><c>$or</c>, <c>$any_of</c>.</summary>
    Any,

    /// <summary><c>$not</c>, <c>$none_of</c>.</summary>
    None,

    /// <summary><c>$xor</c>, <c>$one_of</c>.</summary>
    ExactlyOne,
}
