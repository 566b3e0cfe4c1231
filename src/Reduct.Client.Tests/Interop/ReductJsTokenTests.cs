using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Interop;

/// <summary>
/// Tokens both ways: Reduct.Client creates one that reduct-js reads and uses, and reduct-js creates and rotates one
/// that Reduct.Client reads and uses. Secrets pass through files, never through a script's output.
/// </summary>
public sealed class ReductJsTokenTests
{
    private const string ApiToken = "token-interop-admin";
    private const string BucketName = "shared";
    private const ulong SeedTimestamp = 1_700_000_000_000_000;

    [Fact]
    public async Task A_token_made_by_one_sdk_is_read_and_used_by_the_other()
    {
        await NodeEnvironment.PrepareAsync();
        await using var server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiToken = ApiToken });
        using var admin = new ReductClient(server.Url, ApiToken);
        Bucket bucket = await admin.CreateBucketAsync(BucketName);
        await admin.CreateBucketAsync(BucketName + "-w");
        await admin.CreateBucketAsync(BucketName + "-x");
        await bucket.WriteAsync("seed", "seed"u8.ToArray(), SeedTimestamp);
        CreatedToken given = await admin.CreateTokenAsync("from-csharp", new TokenCreateOptions
        {
            Read = [BucketName, BucketName + "-*"],
            Write = [BucketName + "-*"],
            Ttl = TimeSpan.FromHours(1),
        });

        string folder = Directory.CreateTempSubdirectory("reduct-token-interop-").FullName;
        try
        {
            string givenFile = Path.Combine(folder, "given.txt");
            string createdFile = Path.Combine(folder, "created.txt");
            await File.WriteAllTextAsync(givenFile, given.Value);

            var outcome = await new ReductJsScripts(server.Url, ApiToken).RunAsync(
                "tokens.mjs", BucketName, "--given-name", "from-csharp", "--given-secret-file", givenFile, "--created-secret-file", createdFile);
            outcome.AssertSucceeded("reduct-js token calls");
            Assert.DoesNotContain(given.Value, outcome.StandardOutput + outcome.StandardError, StringComparison.Ordinal);

            // What reduct-js wrote with the token Reduct.Client made.
            Assert.Equal("js"u8.ToArray(), Assert.Single(server.Storage.GetRecords(BucketName + "-w", "from-js")).ReadData());

            // The token reduct-js made and rotated, read and used by Reduct.Client.
            string[] secrets = await File.ReadAllLinesAsync(createdFile);
            Assert.Equal(2, secrets.Length);
            TokenInfo info = await admin.GetTokenAsync("from-js");
            Assert.False(info.Permissions!.FullAccess);
            Assert.Equal([BucketName], info.Permissions.Read);
            Assert.Equal([BucketName + "-*"], info.Permissions.Write);
            Assert.Equal(600UL, info.Ttl);
            Assert.Equal(["127.0.0.1"], info.IpAllowlist);
            Assert.False(info.IsProvisioned);

            using var user = new ReductClient(server.Url, secrets[1]);
            Assert.Equal("from-js", (await user.GetCurrentTokenAsync()).Name);
            Assert.Equal("seed"u8.ToArray(), await user.GetBucket(BucketName).ReadBytesAsync("seed", SeedTimestamp));
            await user.GetBucket(BucketName + "-x").WriteAsync("from-csharp", "cs"u8.ToArray(), SeedTimestamp);
            Assert.Equal("cs"u8.ToArray(), Assert.Single(server.Storage.GetRecords(BucketName + "-x", "from-csharp")).ReadData());
            ReductException forbidden = await Assert.ThrowsAsync<ReductException>(() => user.GetBucket(BucketName).WriteAsync("e", "x"u8.ToArray(), 1UL));
            Assert.Equal("Token 'from-js' doesn't have write access to bucket 'shared'", forbidden.ServerMessage);

            using var beforeRotation = new ReductClient(server.Url, secrets[0]);
            ReductException rotated = await Assert.ThrowsAsync<ReductException>(() => beforeRotation.GetCurrentTokenAsync());
            Assert.Equal(401, rotated.Status);
            Assert.Equal("Invalid token", rotated.ServerMessage);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
