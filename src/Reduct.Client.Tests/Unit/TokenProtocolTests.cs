using System.Text;
using System.Text.Json;
using Reduct.Client.Http;
using Reduct.Client.Protocol;

namespace Reduct.Client.Tests.Unit;

/// <summary>The token bodies byte for byte, and the server's token JSON as the real server writes it.</summary>
public sealed class TokenProtocolTests
{
    [Fact]
    public void The_current_body_nests_the_permissions_and_carries_the_limits_given()
    {
        var options = new TokenCreateOptions
        {
            Read = ["a*"],
            Write = ["b"],
            Ttl = TimeSpan.FromHours(1),
            ExpiresAt = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            IpAllowlist = ["127.0.0.1", "10.0.0.0/8"],
        };

        Assert.Equal(
            """{"permissions":{"full_access":false,"read":["a*"],"write":["b"]},"expires_at":"2030-01-02T01:04:05.000000Z","ttl":3600,"ip_allowlist":["127.0.0.1","10.0.0.0/8"]}""",
            Encoding.UTF8.GetString(TokenRequestJson.WriteCurrent(options)));
        Assert.Equal(
            """{"permissions":{"full_access":true,"read":[],"write":[]}}""",
            Encoding.UTF8.GetString(TokenRequestJson.WriteCurrent(new TokenCreateOptions { FullAccess = true })));
    }

    [Fact]
    public void The_legacy_body_is_the_permissions_object_with_all_three_fields()
    {
        Assert.Equal(
            """{"full_access":false,"read":["$system"],"write":["x-*"]}""",
            Encoding.UTF8.GetString(TokenRequestJson.WriteLegacy(new TokenCreateOptions { Read = ["$system"], Write = ["x-*"] })));
    }

    [Fact]
    public void The_token_json_of_a_real_1_20_server_reads_with_nanoseconds_and_every_field()
    {
        const string json = """
            {"name":"v2tok","value":"","created_at":"2026-12-01T09:07:24.780991249Z",
             "permissions":{"full_access":false,"read":["a*"],"write":["b"]},
             "is_provisioned":false,"expires_at":null,"ttl":3600,"last_access":null,
             "ip_allowlist":["127.0.0.1","10.0.0.0/8"],"is_expired":false}
            """;

        TokenInfo token = JsonSerializer.Deserialize(json, ReductJsonContext.Default.TokenInfo)!;

        Assert.Equal("v2tok", token.Name);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 7, 24, TimeSpan.Zero).AddTicks(7809912), token.CreatedAt);
        Assert.Equal(["a*"], token.Permissions!.Read);
        Assert.Equal(3600UL, token.Ttl);
        Assert.Null(token.ExpiresAt);
        Assert.Equal(["127.0.0.1", "10.0.0.0/8"], token.IpAllowlist);
    }

    [Fact]
    public void A_secret_answer_reads_and_its_created_token_never_prints_the_secret()
    {
        TokenSecretAnswer answer = JsonSerializer.Deserialize(
            """{"value":"t-0123456789abcdef0123456789abcdef","created_at":"2026-12-01T09:07:24.780991249Z"}""",
            ReductJsonContext.Default.TokenSecretAnswer)!;
        var created = new CreatedToken("t", answer.Value!, answer.CreatedAt);

        Assert.Equal("t-0123456789abcdef0123456789abcdef", created.Value);
        Assert.Equal("CreatedToken { Name = t, Value = ***, CreatedAt = 2026-12-01T09:07:24.7809912+00:00 }", created.ToString());
        Assert.DoesNotContain("0123", answer.ToString(), StringComparison.Ordinal);
    }
}
