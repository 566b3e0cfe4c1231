namespace Reduct.Client.Tests.Interop;

/// <summary>
/// Who runs a query of the manifest, and against which server: an SDK name (<c>csharp</c>, <c>js</c>), optionally
/// followed by <c>@</c> and the API version the reference server reports (<c>js@1.17</c>); without it, the
/// reference server's own version.
/// </summary>
/// <param name="Sdk">The SDK that runs the query (the other one wrote the records).</param>
/// <param name="ApiVersion">The server's <c>MAJOR.MINOR</c> API version, or null for the reference server's default.</param>
public sealed record InteropReader(string Sdk, string? ApiVersion)
{
    /// <summary>Reads a reader as the manifest writes it.</summary>
    /// <exception cref="InvalidDataException">The text names no known SDK or no <c>MAJOR.MINOR</c> version.</exception>
    public static InteropReader Parse(string text)
    {
        var separator = text.IndexOf('@', StringComparison.Ordinal);
        var sdk = separator < 0 ? text : text[..separator];
        var apiVersion = separator < 0 ? null : text[(separator + 1)..];
        if (sdk is not (InteropManifest.CSharpWriter or InteropManifest.JsWriter))
        {
            throw new InvalidDataException($"Reader '{text}': the SDK must be '{InteropManifest.CSharpWriter}' or '{InteropManifest.JsWriter}'.");
        }

        if (apiVersion is not null && (!Version.TryParse(apiVersion, out var version) || version.Build >= 0))
        {
            throw new InvalidDataException($"Reader '{text}': the API version must read MAJOR.MINOR.");
        }

        return new InteropReader(sdk, apiVersion);
    }

    /// <summary>The SDK that wrote what this reader queries.</summary>
    public string Writer => Sdk == InteropManifest.JsWriter ? InteropManifest.CSharpWriter : InteropManifest.JsWriter;

    /// <summary>Whether the server is older than <paramref name="version"/> (<c>MAJOR.MINOR</c>); false for the default server, which is current.</summary>
    public bool IsBefore(string version) => ApiVersion is not null && Version.Parse(ApiVersion) < Version.Parse(version);

    /// <inheritdoc/>
    public override string ToString() => ApiVersion is null ? Sdk : $"{Sdk}@{ApiVersion}";
}
