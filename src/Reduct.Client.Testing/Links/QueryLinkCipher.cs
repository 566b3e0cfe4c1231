using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Links;

/// <summary>
/// Protects a query link's payload with a key derived from the issuing token's secret, so the link works only while
/// that secret is the token's (rotation or removal ends it). The payload is compressed, then sealed with AES-GCM under
/// HKDF-SHA256(secret, salt). The real server uses zlib and AES-SIV with its own derivation; only the behaviour is the
/// same (a fresh salt and nonce per link, URL-safe base64 without padding in <c>ct</c>, <c>s</c> and <c>n</c>, and
/// <c>Failed to decrypt query: aead::Error</c> for a link the key does not open).
/// </summary>
internal static class QueryLinkCipher
{
    private const int SaltSize = 16;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] KeyInfo = "reduct-test-server query link"u8.ToArray();

    /// <summary>Seals <paramref name="payload"/>; returns the <c>ct</c>, <c>s</c> and <c>n</c> parameters.</summary>
    public static (string Ciphertext, string Salt, string Nonce) Seal(string secret, ReadOnlySpan<byte> payload)
    {
        var compressed = Compress(payload);
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var sealedBytes = new byte[compressed.Length + TagSize];
        using (var aes = new AesGcm(DeriveKey(secret, salt), TagSize))
        {
            aes.Encrypt(nonce, compressed, sealedBytes.AsSpan(0, compressed.Length), sealedBytes.AsSpan(compressed.Length));
        }

        return (Base64Url.Encode(sealedBytes), Base64Url.Encode(salt), Base64Url.Encode(nonce));
    }

    /// <summary>Opens a link's payload.</summary>
    /// <exception cref="ReductErrorException">422 for a parameter that is not base64, a key that does not open it, or a broken payload.</exception>
    public static byte[] Open(string secret, string ciphertext, string salt, string nonce)
    {
        var sealedBytes = Base64Url.Decode(ciphertext, "ct");
        var saltBytes = Base64Url.Decode(salt, "s");
        var nonceBytes = Base64Url.Decode(nonce, "n");
        if (sealedBytes.Length < TagSize || nonceBytes.Length != NonceSize)
        {
            throw DecryptionFailed();
        }

        var compressed = new byte[sealedBytes.Length - TagSize];
        try
        {
            using var aes = new AesGcm(DeriveKey(secret, saltBytes), TagSize);
            aes.Decrypt(nonceBytes, sealedBytes.AsSpan(0, compressed.Length), sealedBytes.AsSpan(compressed.Length), compressed);
        }
        catch (CryptographicException)
        {
            throw DecryptionFailed();
        }

        try
        {
            using var input = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException exception)
        {
            throw ReductErrorException.UnprocessableEntity("Failed to decompress query: " + exception.Message);
        }
    }

    private static byte[] DeriveKey(string secret, byte[] salt) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt, KeyInfo);

    private static byte[] Compress(ReadOnlySpan<byte> payload)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(payload);
        }

        return output.ToArray();
    }

    private static ReductErrorException DecryptionFailed() => ReductErrorException.UnprocessableEntity("Failed to decrypt query: aead::Error");

    /// <summary>URL-safe base64 without padding, as the server's <c>URL_SAFE_NO_PAD</c> engine writes it.</summary>
    private static class Base64Url
    {
        public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static byte[] Decode(string text, string parameter)
        {
            // Only the URL-safe alphabet, without padding; a length of 4k+1 cannot be base64 at all.
            if (text.AsSpan().IndexOfAny("+/=") >= 0 || text.Length % 4 == 1)
            {
                throw Invalid(parameter);
            }

            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            try
            {
                return Convert.FromBase64String(padded);
            }
            catch (FormatException)
            {
                throw Invalid(parameter);
            }
        }

        private static ReductErrorException Invalid(string parameter) =>
            ReductErrorException.UnprocessableEntity($"Invalid base64 in '{parameter}' parameter: Invalid input");
    }
}
