namespace Reduct.Client.Testing.Auth;

/// <summary>The secret the server issues on create and rotate: <c>&lt;name&gt;-&lt;32 hex digits&gt;</c>, and the response it comes in.</summary>
internal readonly record struct TokenSecret(string Value, DateTimeOffset CreatedAt)
{
    public static string Generate(string name)
    {
        Span<byte> random = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(random);
        return name + "-" + Convert.ToHexString(random).ToLowerInvariant();
    }
}
