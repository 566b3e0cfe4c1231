using System.Globalization;
using Microsoft.Extensions.Logging;
using Reduct.Client.Diagnostics;

namespace Reduct.Client.Http;

/// <summary>
/// Remembers the server's API version from the <c>x-reduct-api</c> response header. Some responses (429 and
/// 503 from the server's outer middleware) do not carry it, so the last value seen is kept (spec §1.1).
/// </summary>
internal sealed class ApiVersionTracker
{
    /// <summary>The API major version this SDK speaks.</summary>
    public const int SdkMajor = 1;

    /// <summary>The newest API minor version this SDK knows.</summary>
    public const int SdkMinor = 21;

    private readonly ILogger _logger;

    // Packed major << 16 | minor, 0 while unknown: one field so readers never see a torn pair.
    private int _packed;
    private int _warned;

    public ApiVersionTracker(ILogger logger) => _logger = logger;

    /// <summary>The server's API version, or null before the first response that carried one.</summary>
    public Version? Current
    {
        get
        {
            int packed = Volatile.Read(ref _packed);
            return packed == 0 ? null : new Version(packed >> 16, packed & 0xFFFF);
        }
    }

    /// <summary>True when the server is known to speak at least <c>1.<paramref name="minor"/></c>.</summary>
    public bool IsKnownAtLeast(int minor)
    {
        int packed = Volatile.Read(ref _packed);
        return packed != 0 && (packed >> 16) == SdkMajor && (packed & 0xFFFF) >= minor;
    }

    /// <summary>Reads the header of a response; throws when the server speaks another major version.</summary>
    public void Observe(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("x-reduct-api", out IEnumerable<string>? values))
        {
            return;
        }

        string? text = values.FirstOrDefault();
        if (text is null || !TryParse(text, out int major, out int minor))
        {
            return;
        }

        if (major != SdkMajor)
        {
            throw new ReductException(ReductException.UnsupportedApiVersion,
                $"The server speaks ReductStore API {text}; this SDK supports API {SdkMajor}.x only.");
        }

        Volatile.Write(ref _packed, (major << 16) | minor);

        // The official clients warn when the server lags more than two minor versions behind them.
        if (minor + 2 < SdkMinor && Interlocked.Exchange(ref _warned, 1) == 0)
        {
            Log.OldServerVersion(_logger, text, string.Create(CultureInfo.InvariantCulture, $"{SdkMajor}.{SdkMinor}"));
        }
    }

    internal static bool TryParse(string text, out int major, out int minor)
    {
        major = minor = 0;
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            && int.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out major)
            && int.TryParse(text.AsSpan(dot + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out minor)
            && major is >= 0 and < 0x7FFF && minor is >= 0 and < 0xFFFF;
    }
}
