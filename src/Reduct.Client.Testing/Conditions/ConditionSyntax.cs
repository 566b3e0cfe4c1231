using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Conditions;

/// <summary>The 422 errors of a condition that cannot be parsed, raised when the query is created.</summary>
internal static class ConditionSyntax
{
    public static ReductErrorException Error(string message) => ReductErrorException.UnprocessableEntity(message);

    /// <summary>A construct the real server knows but the reference server does not implement: refused, never ignored.</summary>
    public static ReductErrorException NotImplemented(string construct) =>
        ReductErrorException.UnprocessableEntity($"{construct} is not implemented by the reference server");
}
