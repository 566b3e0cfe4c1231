using System.Text;

namespace Reduct.Client.Tests.Interop;

/// <summary>A record body in the manifest: base64, UTF-8 text, or a deterministic pattern for large bodies.</summary>
public sealed class InteropBody
{
    /// <summary>The bytes in base64.</summary>
    public string? Base64 { get; init; }

    /// <summary>The bytes as UTF-8 text.</summary>
    public string? Text { get; init; }

    /// <summary>A generated body.</summary>
    public InteropPattern? Pattern { get; init; }

    /// <summary>The body's bytes.</summary>
    public byte[] ToBytes()
    {
        if (Base64 is not null)
        {
            return Convert.FromBase64String(Base64);
        }

        if (Text is not null)
        {
            return Encoding.UTF8.GetBytes(Text);
        }

        return Pattern?.Generate() ?? throw new InvalidDataException("A body needs base64, text or pattern.");
    }
}
