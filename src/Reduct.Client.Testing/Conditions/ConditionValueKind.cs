namespace Reduct.Client.Testing.Conditions;

/// <summary>The types a <see cref="ConditionValue"/> can have.</summary>
internal enum ConditionValueKind
{
    Bool,
    Int,
    Float,
    String,

    /// <summary>Microseconds, from a duration literal such as <c>"1h 30m"</c>.</summary>
    Duration,
}
