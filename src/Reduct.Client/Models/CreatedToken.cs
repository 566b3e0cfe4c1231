namespace Reduct.Client;

/// <summary>
/// The secret of a token just created or rotated. The server shows it this once: keep it somewhere safe. Its
/// <see cref="ToString"/> never prints it, and the client never logs it.
/// </summary>
public sealed class CreatedToken
{
    /// <summary>Creates the value (the client makes these from the server's answer; public for mocking).</summary>
    /// <param name="name">The token's name.</param>
    /// <param name="value">The secret.</param>
    /// <param name="createdAt">When the server created (or rotated) it.</param>
    public CreatedToken(string name, string value, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        CreatedAt = createdAt;
    }

    /// <summary>The token's name.</summary>
    public string Name { get; }

    /// <summary>The secret, to send as the API token (<see cref="ReductClientOptions.ApiToken"/>).</summary>
    public string Value { get; }

    /// <summary>When the server created the token, or rotated it.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The name and time, with the secret redacted.</summary>
    public override string ToString() =>
        $"CreatedToken {{ Name = {Name}, Value = ***, CreatedAt = {CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)} }}";
}
