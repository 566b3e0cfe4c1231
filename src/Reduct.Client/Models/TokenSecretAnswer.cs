namespace Reduct.Client;

/// <summary>The body of the answer to a token's creation or rotation: <c>{"value":..,"created_at":..}</c>.</summary>
internal sealed class TokenSecretAnswer
{
    public string? Value { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Never prints the secret, should this object ever reach a log.</summary>
    public override string ToString() => "TokenSecretAnswer { Value = *** }";
}
